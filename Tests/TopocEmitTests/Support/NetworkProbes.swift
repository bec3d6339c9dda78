// Host-side network helpers for the run tests: free ports, a multicast sender bound to loopback, the kernel's
// multicast memberships, and `ip -j` link state.
import Foundation
import TopocModel
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

enum NetworkProbes {
    /// Ports the kernel reports free right now, all distinct (they are held open until all are chosen).
    static func freePorts(_ count: Int, type: Int32) throws -> [Int] {
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let descriptor = socket(AF_INET, type, 0)
            sockets.append(descriptor)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
                }
            }
            guard bound else { throw ToolFailure(description: "cannot find a free port: errno \(errno)") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }

    /// Sends one datagram to `group:port` out of the loopback interface.
    static func sendMulticast(_ payload: [UInt8], group: IPv4Address, port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var interface = in_addr(s_addr: inet_addr("127.0.0.1"))
        setsockopt(descriptor, Int32(IPPROTO_IP), IP_MULTICAST_IF, &interface, socklen_t(MemoryLayout<in_addr>.size))
        var destination = sockaddr_in()
        destination.sin_family = sa_family_t(AF_INET)
        destination.sin_port = UInt16(port).bigEndian
        destination.sin_addr = in_addr(s_addr: group.value.bigEndian)
        let sent = withUnsafePointer(to: &destination) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(descriptor, payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == payload.count else { throw ToolFailure(description: "sendto failed: errno \(errno)") }
    }

    /// The interfaces on which this network namespace has joined `group` (from /proc/net/igmp).
    static func interfacesJoined(_ group: IPv4Address) throws -> [String] {
        let table = try String(contentsOfFile: "/proc/net/igmp", encoding: .utf8)
        let hex = String(group.value.byteSwapped, radix: 16, uppercase: true)
        let wanted = String(repeating: "0", count: 8 - hex.count) + hex
        var device = ""
        var joined: [String] = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if !line.hasPrefix("\t"), fields.count > 1 { device = String(fields[1]) }
            if line.hasPrefix("\t"), fields.first.map(String.init) == wanted { joined.append(device) }
        }
        return joined
    }

    /// `ip -j -d link show dev NAME` in `namespace`, or nil when the link does not exist.
    static func link(_ name: String, namespace: String) throws -> [String: Any]? {
        let result = try HostTools.run(["ip", "-n", namespace, "-j", "-d", "link", "show", "dev", name])
        guard result.status == 0 else { return nil }
        let links = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        return links?.first
    }

    /// Polls `condition` until it holds or `seconds` pass.
    static func eventually(_ seconds: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try condition() { return true }
            usleep(50_000)
        } while Date() < deadline
        return false
    }
}
