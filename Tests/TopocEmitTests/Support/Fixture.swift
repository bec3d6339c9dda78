// A hand-built resolved lab that exercises every emitter path: a bridge network with a host address, a
// gateway and IPv6; a two-member socket network (UNIX stream) and a three-member one (multicast hub); a
// netmap NIC (skipped by QEMU); forwards (written and derived); write_files, packages, runcmd; a password
// hash and an SSH key; virtio and NVMe root disks; direct kernel boot.
import TopocEmit
import TopocModel

enum Fixture {
    static let passwordHash =
        "$6$emitsalt$J0T1hOLeAuWGnV6CGwDVM5PY0mBoZfFE6Qn6qSVPnNhLQT2GUWQ3v8xkqNr4k9RfxYQvYV3mOtPu0q9kq/3Sf."
    static let sshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBxg3ZQyk2gHfWs3T1n8s0v4QbX0lKp4qF1ZJmS2x9Ye test@topoc"

    /// Host-side numbers that must be free when the lab really runs: forwards and the hub's UDP port.
    struct HostPorts {
        var forwards: [Int]
        var hub: Int
        var hubGroup = IPv4Address(parsing: "239.255.77.1") ?? IPv4Address(0)
        static let fixed = HostPorts(forwards: [2021, 8080, 2200, 2201], hub: 47001)
    }

    static func topology(ports: HostPorts = .fixed) -> ResolvedTopology {
        ResolvedTopology(
            name: "emitlab", target: .qemu, labID: "ab12",
            hosts: [ResolvedHost(name: "local", libvirtURI: "qemu:///system")],
            networks: networks(ports), vms: [vm1(ports), vm2(ports), vm3(ports)],
            login: Login(user: "topoc", sshKeys: [sshKey], passwordHash: passwordHash),
            notes: ["accel tcg: fixture for a machine where KVM hangs"])
    }

    static func networks(_ ports: HostPorts) -> [ResolvedNetwork] {
        [
            ResolvedNetwork(
                name: "cp", index: 0, mode: .bridge, subnet: subnet("192.0.2.0/24"),
                subnet6: subnet6("2001:db8:1::/64"), mtu: 9000, bridge: "tpab12-cp", hostAddress: ip("192.0.2.1"),
                gateway: ip("192.0.2.1"), members: ["vm1", "vm2"]),
            ResolvedNetwork(
                name: "n3", index: 1, mode: .socket, subnet: subnet("198.51.100.0/24"),
                gateway: ip("198.51.100.1"),
                socketTransport: .stream(path: "links/n3.sock", server: "vm1"), members: ["vm1", "vm2"]),
            ResolvedNetwork(
                name: "hub", index: 2, mode: .socket, subnet: subnet("203.0.113.0/24"),
                socketTransport: .multicast(group: ports.hubGroup, port: ports.hub), members: ["vm1", "vm2", "vm3"]),
            ResolvedNetwork(name: "fast", index: 3, mode: .netmap, vale: "vale3", members: ["vm3"]),
        ]
    }

    static func vm1(_ ports: HostPorts) -> ResolvedVM {
        let forwards = [
            ResolvedForward(service: "ssh", hostPort: ports.forwards[0], guestPort: 22),
            ResolvedForward(service: "http", hostPort: ports.forwards[1], guestPort: 80),
        ]
        return vm(
            "vm1", index: 0, diskBus: .virtio, machine: .q35, forwards: forwards,
            interfaces: [
                nic("cp", .bridge, 0, mac: 0x10, ip: "192.0.2.10", ip6: "2001:db8:1::10", gw: "192.0.2.1", mtu: 9000),
                nic("n3", .socket, 1, mac: 0x11, ip: "198.51.100.10", gw: "198.51.100.1"),
                nic("hub", .socket, 2, mac: 0x12, ip: "203.0.113.10"),
            ],
            cloudInit: CloudInitExtras(
                packages: ["iperf3", "tcpdump"],
                runcmd: [
                    .argv(["sh", "-c", "echo \"$(hostname) up\" > /dev/ttyS0"]), .shell("echo 'it''s' | tee /tmp/x"),
                ],
                writeFiles: [
                    WriteFile(
                        path: "/etc/topoc/lab.conf", content: "name: emitlab\n# a comment\nquote: 'x' \"y\"\n",
                        permissions: "0600"),
                    WriteFile(path: "/home/topoc/it's here.txt", content: "no newline", owner: "topoc:topoc"),
                ]))
    }

    static func vm2(_ ports: HostPorts) -> ResolvedVM {
        vm(
            "vm2", index: 1, diskBus: .nvme, machine: .pc,
            forwards: [ResolvedForward(service: "ssh", hostPort: ports.forwards[2], guestPort: 22, derived: true)],
            interfaces: [
                nic("n3", .socket, 0, mac: 0x21, ip: "198.51.100.11", gw: "198.51.100.1"),
                nic("cp", .bridge, 1, mac: 0x20, ip: "192.0.2.11", ip6: "2001:db8:1::11", gw: "192.0.2.1", mtu: 9000),
                nic("hub", .socket, 2, mac: 0x22, ip: "203.0.113.11"),
            ])
    }

    static func vm3(_ ports: HostPorts) -> ResolvedVM {
        var image = ResolvedImage(
            name: "base", path: "images/base.qcow2", format: .qcow2, basePath: "images/base.qcow2")
        image.kernel = "images/vmlinuz"
        image.initrd = "images/initrd.img"
        image.cmdline = "console=ttyS0 root=LABEL=root rw"
        var vm = vm(
            "vm3", index: 2, diskBus: .virtio, machine: .q35,
            forwards: [ResolvedForward(service: "ssh", hostPort: ports.forwards[3], guestPort: 22, derived: true)],
            interfaces: [
                nic("hub", .socket, 0, mac: 0x32, ip: "203.0.113.12"),
                nic("fast", .netmap, 1, mac: 0x33),
            ])
        vm.image = image
        return vm
    }
}
