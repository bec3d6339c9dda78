import Crypto

/// Linux interface names (taps, bridges, guest NICs) are at most 15 bytes (IFNAMSIZ 16 with the NUL).
/// These derivations are shared by Resolve (which names things) and Validate (which checks pinned names
/// against them), so the two can never disagree.
public enum InterfaceNames {
    public static let maxLength = 15

    public static func isValid(_ name: String) -> Bool {
        (1...maxLength).contains(name.utf8.count) && name != "." && name != ".."
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && $0.value > 32 && $0 != "/" && $0 != ":" && $0 != "\u{7f}"
            }
    }

    /// The guest NIC for a network: the network's name, cut to 15 bytes.
    public static func guestName(forNetwork network: String) -> String {
        String(decoding: network.utf8.prefix(maxLength), as: UTF8.self)
    }

    /// Four hex digits of SHA-256 of the lab's name: prefixes host-side names so labs don't collide.
    public static func labID(_ topology: String) -> String {
        Digest.hex(of: "topoc-lab/\(topology)").prefix(4).description
    }

    /// `tp<labID>-<network>`, the network part cut to fit; `tp<labID>-h<hash>` (six hex digits of SHA-256 of
    /// the network's name) if cutting made two equal.
    public static func bridge(labID: String, network: String, taken: Set<String>) -> String {
        let prefix = "tp\(labID)-"
        let room = maxLength - prefix.utf8.count
        let candidate = prefix + String(decoding: network.utf8.prefix(room), as: UTF8.self)
        return taken.contains(candidate)
            ? prefix + "h" + Digest.hex(of: "topoc-bridge/\(network)").prefix(6) : candidate
    }

    /// `t<labID><vm tag>n<nic>`: the VM's tag is six hex digits derived from its name (unique in the lab),
    /// so a VM's taps keep their names whatever other VMs are added, removed or reordered.
    public static func tap(labID: String, vmTag: String, nicIndex: Int) -> String {
        "t\(labID)\(vmTag)n\(nicIndex)"
    }

    /// `value` as `digits` lower-case hex digits, zero-padded.
    public static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

/// SHA-256 helpers for deterministic derivations (MACs, UUIDs, ids).
public enum Digest {
    public static func bytes(of text: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(text.utf8)))
    }

    public static func hex(of text: String) -> String {
        bytes(of: text).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
