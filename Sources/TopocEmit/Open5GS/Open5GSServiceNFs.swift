// Open5GS/Open5GSServiceNFs owns the NFs that only speak SBI: NRF, SCP, AUSF, UDM, UDR, PCF, NSSF and BSF.
// Each serves SBI on its endpoint with an explicit port and registers with the SCP (else the NRF); the SCP
// talks to the NRF, the NRF to nobody. The NSSF maps each slice to the NRF that serves it.
import TopocModel
import TopocYAML

enum Open5GSServiceNFs {
    static func build(_ nf: ResolvedNF, _ lab: Open5GSLab, _ document: inout Open5GSDocument) throws {
        if nf.kind == .nrf, lab.format == .current {
            // The PLMN the NRF serves (2.7 needs it for roaming; it also names the home network).
            document.own("serving", value: .sequence([.mapping([("plmn_id", lab.plmn)])]))
        }
        try sbi(nf, lab, &document)
        if nf.endpoint(.metrics) != nil { try document.server("metrics", .metrics, of: nf, explicitPort: true) }
        if nf.kind == .nssf { try nsi(lab, &document) }
    }

    /// The SBI server and, but for the NRF, the NRF or SCP to register with. Shared with AMF and SMF.
    static func sbi(_ nf: ResolvedNF, _ lab: Open5GSLab, _ document: inout Open5GSDocument) throws {
        try document.server("sbi", .sbi, of: nf, explicitPort: true)
        if let target = lab.sbiTarget(for: nf) { try document.sbiClient(target) }
    }

    /// One network slice instance per slice: its S-NSSAI and the URI of its NRF (the slice's, else the first
    /// NRF). A lab without slices gets SST 1 on the first NRF: the NSSF refuses to start without an `nsi`.
    /// 2.7: `nssf.sbi.client.nsi: [{uri, s_nssai}]`; 2.6: `nssf.nsi: [{addr, port, s_nssai}]`.
    static func nsi(_ lab: Open5GSLab, _ document: inout Open5GSDocument) throws {
        let slices: [(SNSSAI, ResolvedNF?)] =
            lab.core.slices.isEmpty
            ? [(SNSSAI(sst: 1), lab.first(.nrf))]
            : lab.core.slices.map { slice in
                (slice.snssai, slice.nrf.flatMap(lab.core.function(named:)) ?? lab.first(.nrf))
            }
        var entries: [YAMLValue] = []
        for (snssai, nrf) in slices {
            guard let nrf else { continue }
            guard let endpoint = nrf.endpoint(.sbi) else { throw Open5GSError.missing(.sbi, of: nrf) }
            let target: [(String, YAMLValue)] =
                lab.format == .current
                ? [("uri", .string(endpoint.uri))]
                : [("addr", .string(endpoint.address)), ("port", .int(endpoint.port))]
            entries.append(.mapping(target + [("s_nssai", Open5GSLab.snssai(snssai))]))
        }
        guard !entries.isEmpty else { return }
        switch lab.format {
        case .current: document.own("sbi", "client", "nsi", value: .sequence(entries))
        case .legacy: document.own("nsi", value: .sequence(entries))
        }
    }
}
