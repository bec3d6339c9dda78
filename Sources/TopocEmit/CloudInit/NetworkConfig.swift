// CloudInit/NetworkConfig owns the network-config (version 2) of a VM: every NIC matched by MAC and renamed,
// DHCP on the management NIC, static addresses on lab NICs, and at most one default route.
import TopocModel
import TopocYAML

enum NetworkConfig {
    /// The lab default route wins over the management NIC's DHCP route by metric. Metrics rather than
    /// `dhcp4-overrides: {use-routes: false}`: cloud-init's ENI renderer (Debian's ifupdown) ignores
    /// `use-routes` but renders `route-metric`, while netplan and networkd honour both.
    static let labRouteMetric = 100
    static let managementRouteMetric = 200

    static func document(_ vm: ResolvedVM) -> YAMLValue {
        let gatewayNIC = defaultRouteInterface(vm)
        var ethernets: [(String, YAMLValue)] = [
            (ManagementNIC.guestName, management(vm.management, yieldsDefault: gatewayNIC != nil))
        ]
        for interface in vm.interfaces {
            ethernets.append((interface.guestName, lab(interface, isDefault: interface == gatewayNIC)))
        }
        return .mapping([("version", .int(2)), ("ethernets", .mapping(ethernets))])
    }

    /// Only one default route per VM: the first lab interface whose network has a gateway. Every NIC is
    /// described, whatever its mode: the guest configuration is the same for every backend.
    static func defaultRouteInterface(_ vm: ResolvedVM) -> ResolvedInterface? {
        vm.interfaces.first { $0.gateway != nil }
    }

    static func management(_ nic: ManagementNIC, yieldsDefault: Bool) -> YAMLValue {
        var entries = matching(nic.mac, name: ManagementNIC.guestName)
        entries["dhcp4"] = .bool(true)
        if yieldsDefault {
            entries["dhcp4-overrides"] = .sorted(["route-metric": .int(managementRouteMetric)])
        }
        return .sorted(entries)
    }

    /// The MTU is always written, so the guest agrees with the bridge and taps even when it is 1500.
    /// A default route is written as `0.0.0.0/0`: cloud-init 22.4 cannot parse `to: default`.
    static func lab(_ interface: ResolvedInterface, isDefault: Bool) -> YAMLValue {
        var entries = matching(interface.mac, name: interface.guestName)
        var addresses: [String] = []
        if let ip = interface.ipv4, let prefix = interface.prefix { addresses.append("\(ip)/\(prefix)") }
        if let prefix = interface.prefix {
            addresses += interface.secondaryIPv4.map { "\($0)/\(prefix)" }
        }
        if let ip6 = interface.ipv6, let prefix6 = interface.prefix6 { addresses.append("\(ip6)/\(prefix6)") }
        if !addresses.isEmpty { entries["addresses"] = .strings(addresses) }
        entries["mtu"] = .int(interface.mtu)
        if isDefault, let gateway = interface.gateway {
            let route: [String: YAMLValue] = [
                "to": .string("0.0.0.0/0"), "via": .string(gateway.description), "metric": .int(labRouteMetric),
            ]
            entries["routes"] = .sequence([.sorted(route)])
        }
        return .sorted(entries)
    }

    /// `set-name` only renames when the match has the MAC address.
    static func matching(_ mac: MACAddress, name: String) -> [String: YAMLValue] {
        ["match": .sorted(["macaddress": .string(mac.description)]), "set-name": .string(name)]
    }
}
