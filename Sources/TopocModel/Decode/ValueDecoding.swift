import TopocDiagnostics
import TopocYAML

/// Network and identity values: addresses, subnets, MACs, URLs, PLMNs.
extension DecodeContext {
    mutating func ipv4(_ node: YAMLNode, path: String) -> IPv4Address? {
        guard let text = string(node, path: path) else { return nil }
        guard let address = IPv4Address(parsing: text) else {
            let help = text.contains(Character("/")) ? "write the address without a prefix length" : nil
            error("value.ip", "`\(path)`: \(quoted: text) is not an IPv4 address", at: node, help: help)
            return nil
        }
        return address
    }

    mutating func ipv6(_ node: YAMLNode, path: String) -> IPv6Address? {
        guard let text = string(node, path: path) else { return nil }
        guard let address = IPv6Address(parsing: text) else {
            error("value.ip", "`\(path)`: \(quoted: text) is not an IPv6 address", at: node)
            return nil
        }
        return address
    }

    /// Either family, kept as text (host management addresses).
    mutating func address(_ node: YAMLNode, path: String) -> String? {
        guard let text = string(node, path: path) else { return nil }
        if let v4 = IPv4Address(parsing: text) { return v4.description }
        if let v6 = IPv6Address(parsing: text) { return v6.description }
        error("value.ip", "`\(path)`: \(quoted: text) is not an IP address", at: node)
        return nil
    }

    mutating func subnet4(_ node: YAMLNode, path: String) -> IPv4Subnet? {
        guard let text = string(node, path: path) else { return nil }
        switch IPv4Subnet.parse(text) {
        case .success(let subnet):
            return subnet
        case .failure(.hostBitsSet(let suggestion)):
            error(
                "value.cidr", "`\(path)`: \(quoted: text) has host bits set", at: node,
                help: "did you mean `\(suggestion)`?")
        case .failure(.malformed):
            error(
                "value.cidr", "`\(path)`: \(quoted: text) is not an IPv4 subnet in CIDR form", at: node,
                help: cidrHelp(text))
        }
        return nil
    }

    mutating func subnet6(_ node: YAMLNode, path: String) -> IPv6Subnet? {
        guard let text = string(node, path: path) else { return nil }
        guard case .success(let subnet) = IPv6Subnet.parse(text) else {
            error(
                "value.cidr", "`\(path)`: \(quoted: text) is not an IPv6 subnet in CIDR form with zero host bits",
                at: node)
            return nil
        }
        return subnet
    }

    /// A UE pool: either family.
    mutating func ueSubnet(_ node: YAMLNode, path: String) -> UESubnet? {
        if node.scalar?.text.contains(Character(":")) == true {
            return subnet6(node, path: path).map(UESubnet.v6)
        }
        return subnet4(node, path: path).map(UESubnet.v4)
    }

    private func cidrHelp(_ text: String) -> String? {
        IPv4Address(parsing: text) != nil ? "add a prefix length, like `\(text)/24`" : nil
    }

    mutating func mac(_ node: YAMLNode, path: String) -> MACAddress? {
        guard let text = string(node, path: path) else { return nil }
        guard let mac = MACAddress(parsing: text) else {
            error(
                "value.mac", "`\(path)`: \(quoted: text) is not a MAC address", at: node,
                help: "write six hex octets, like `52:54:00:12:34:56`")
            return nil
        }
        guard !mac.isMulticast else {
            error("value.mac", "`\(path)`: \(quoted: text) is a multicast address; a NIC needs a unicast one", at: node)
            return nil
        }
        return mac
    }

    mutating func url(_ node: YAMLNode, path: String) -> String? {
        guard let text = string(node, path: path) else { return nil }
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), text.utf8.count > 8,
            !text.contains(Character(" "))
        else {
            error("value.url", "`\(path)`: \(quoted: text) is not an http(s) URL", at: node)
            return nil
        }
        return text
    }

    mutating func plmn(_ node: YAMLNode, path: String) -> PLMN? {
        guard let text = string(node, path: path) else { return nil }
        guard let plmn = PLMN(parsing: text) else {
            error(
                "value.plmn", "`\(path)`: \(quoted: text) is not a PLMN", at: node,
                help: "write MCC-MNC with their leading zeros, like `001-01` or `310-410`")
            return nil
        }
        return plmn
    }

    mutating func port(_ node: YAMLNode, path: String) -> Int? {
        guard let scalar = node.scalar, scalar.isPlain, Self.isDecimal(scalar.text), let value = Int(scalar.text) else {
            typeError("a port number", at: node, path: path)
            return nil
        }
        guard (1...65535).contains(value) else {
            error("value.port", "`\(path)`: \(value) is not a port (1 to 65535)", at: node)
            return nil
        }
        return value
    }

    /// A string-to-string map (labels).
    mutating func stringMap(_ node: YAMLNode, path: String) -> [String: String] {
        guard let pairs = node.mapping else {
            typeError("a mapping of strings", at: node, path: path)
            return [:]
        }
        var result: [String: String] = [:]
        for pair in pairs {
            if let key = string(pair.key, path: path), let value = string(pair.value, path: "\(path).\(key)") {
                result[key] = value
            }
        }
        return result
    }
}
