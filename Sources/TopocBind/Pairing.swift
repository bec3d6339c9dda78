import TopocModel

/// Who serves whom in the core: each DNN's UPF and SMFs, the N4 sessions that follow, a gNB's AMF and
/// UPFs. The language's defaults live here: a DNN without `upf` has the only UPF, a DNN no slice gives an
/// SMF is served by every SMF, a gNB without `amf` has the only AMF (else the only MME), and a gNB without
/// `slices` carries every slice.
struct Pairing {
    let topology: Topology
    let functions: NameTable<NetworkFunction>
    let dnnUPFs: [Int?]
    let dnnSMFs: [[Int]]

    init(topology: Topology, functions: NameTable<NetworkFunction>) {
        self.topology = topology
        self.functions = functions
        let dnns = topology.core?.dnns ?? []
        let onlyUPF = Self.only([.upf], in: functions)
        dnnUPFs = dnns.map { dnn in
            guard let name = dnn.upf else { return onlyUPF }
            return functions.position(of: name).flatMap { functions[position: $0].kind == .upf ? $0 : nil }
        }
        let smfs = functions.values.filter { $0.kind == .smf }.compactMap { functions.position(of: $0.name) }
        dnnSMFs = dnns.map { dnn in
            let named = topology.slices.filter { $0.dnns.contains(dnn.name) }.compactMap(\.smf)
            guard !named.isEmpty else { return smfs }
            let positions = named.compactMap(functions.position(of:)).filter { functions[position: $0].kind == .smf }
            return Array(Set(positions)).sorted()
        }
    }

    /// The one function of `kinds` (first declarations only), when there is exactly one.
    static func only(_ kinds: Set<NFKind>, in functions: NameTable<NetworkFunction>) -> Int? {
        let matching = functions.values.filter { kinds.contains($0.kind) }
        guard matching.count == 1 else { return nil }
        return functions.position(of: matching[0].name)
    }

    /// Each SMF with each UPF it reaches, and the DNNs between them.
    var sessions: [Session] {
        var dnnsByPair: [[Int]: [Int]] = [:]
        for (dnn, upf) in dnnUPFs.enumerated() {
            guard let upf else { continue }
            for smf in dnnSMFs[dnn] { dnnsByPair[[smf, upf], default: []].append(dnn) }
        }
        return dnnsByPair.keys.sorted { $0.lexicographicallyPrecedes($1) }.map {
            Session(smf: $0[0], upf: $0[1], dnns: dnnsByPair[$0] ?? [])
        }
    }

    func amf(of gnb: GNB) -> Int? {
        if let name = gnb.amf {
            return functions.position(of: name).flatMap {
                [.amf, .mme].contains(functions[position: $0].kind) ? $0 : nil
            }
        }
        return Self.only([.amf], in: functions) ?? Self.only([.mme], in: functions)
    }

    /// The UPFs of the DNNs a gNB's slices carry (every DNN when those slices carry none), in declaration order.
    func upfs(serving gnb: GNB) -> [Int] {
        let names = gnb.slices ?? topology.slices.map(\.name)
        let carried = Set(topology.slices.filter { names.contains($0.name) }.flatMap(\.dnns))
        let dnns = topology.core?.dnns ?? []
        let upfs = dnns.indices.filter { carried.isEmpty || carried.contains(dnns[$0].name) }.compactMap {
            dnnUPFs[$0]
        }
        return Array(Set(upfs)).sorted()
    }
}
