// Subscribers/SubscriberPlan owns what a UE group subscribes to, shared by every subscriber artifact (Open5GS
// MongoDB documents and `open5gs-dbctl` calls, OAI's MySQL rows): the slices with the DNNs each carries, the
// slice of the group's PDU session first (the default one), and the group's DNN first within it.
import TopocModel

/// One subscribed S-NSSAI and the DNNs the subscriber may use on it.
struct SubscribedSlice: Equatable, Sendable {
    var snssai: SNSSAI
    /// Never empty; the UE group's own DNN first when the slice carries it.
    var dnns: [String]
}

/// A UE group as the core's subscriber database sees it.
struct SubscriberGroup: Equatable, Sendable {
    var group: ResolvedUEGroup
    /// The session slice first; never empty.
    var slices: [SubscribedSlice]

    /// The DNN and slice of the group's PDU session.
    var session: (dnn: String, slice: SubscribedSlice)? {
        guard let first = slices.first, let dnn = first.dnns.first else { return nil }
        return (dnn, first)
    }
}

enum SubscriberPlan {
    /// Every UE group with at least one slice that carries a DNN, in declaration order.
    static func groups(_ core: ResolvedCore) -> [SubscriberGroup] {
        core.ues.compactMap { group(of: $0, in: core) }
    }

    static func group(of ue: ResolvedUEGroup, in core: ResolvedCore) -> SubscriberGroup? {
        var slices: [SubscribedSlice] = []
        for snssai in ue.slices {
            var dnns = core.slices.filter { $0.snssai == snssai }.flatMap(\.dnns)
            if let own = ue.dnn, let index = dnns.firstIndex(of: own) {
                dnns.remove(at: index)
                dnns.insert(own, at: 0)
            }
            var unique: [String] = []
            for dnn in dnns where !unique.contains(dnn) { unique.append(dnn) }
            guard !unique.isEmpty, !slices.contains(where: { $0.snssai == snssai }) else { continue }
            slices.append(SubscribedSlice(snssai: snssai, dnns: unique))
        }
        if let own = ue.dnn, let index = slices.firstIndex(where: { $0.dnns.first == own }), index > 0 {
            slices.insert(slices.remove(at: index), at: 0)
        }
        return slices.isEmpty ? nil : SubscriberGroup(group: ue, slices: slices)
    }

    /// The IMSI `offset` places after `first`, with its leading zeros (IMSIs are 15 digits).
    static func imsi(_ first: String, plus offset: Int) -> String {
        guard let value = UInt64(first) else { return first }
        let text = String(value + UInt64(offset))
        return String(repeating: "0", count: max(0, first.count - text.count)) + text
    }

    /// Whether a DNN's pool is IPv6.
    static func isIPv6(_ dnn: String, in core: ResolvedCore) -> Bool {
        guard let pool = core.dnns.first(where: { $0.name == dnn }) else { return false }
        if case .v6 = pool.subnet { return true }
        return false
    }
}
