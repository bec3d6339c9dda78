// Smoke/SmokeChecks owns what a RAN VM's smoke test checks, read from the resolved model (never from the
// emitted UERANSIM files): each UERANSIM gNB that runs there, and each UE of the UE groups that run there with
// the PDU session its `ue.yaml` requests and the gateway of that session's DNN on its UPF.
import TopocModel

/// The checks of one VM.
public struct SmokeChecks: Equatable, Sendable {
    /// A gNB: NG Setup succeeded (`nr-cli NODE -e status` says `is-ngap-up: true`).
    public struct GNB: Equatable, Sendable {
        public var name: String
        /// UERANSIM's node name, `UERANSIM-gnb-<mcc>-<mnc>-<gNB id>` (src/gnb.cpp).
        public var node: String
    }

    /// A PDU session a UE requests, and the address its traffic must reach.
    public struct Session: Equatable, Sendable {
        public var dnn: String
        public var slice: SNSSAI
        /// The DNN's gateway: the address of its tun device on the UPF.
        public var gateway: String
    }

    /// A UE: registered, each session active, and its gateway answering a ping through the session's tun.
    public struct UE: Equatable, Sendable {
        public var group: String
        public var imsi: String
        public var sessions: [Session]

        /// UERANSIM's node name: the SUPI, `imsi-<IMSI>`.
        public var node: String { "imsi-" + imsi }
    }

    public var vm: String
    public var gnbs: [GNB]
    public var ues: [UE]

    public var isEmpty: Bool { gnbs.isEmpty && ues.isEmpty }

    /// The checks of every VM that runs UERANSIM, in VM order; VMs with nothing to check are left out.
    public static func all(_ topology: ResolvedTopology) -> [SmokeChecks] {
        guard let core = topology.mobileCore else { return [] }
        let gnbs = gnbChecks(core)
        let ues = ueChecks(core)
        return topology.vms.map { vm in
            SmokeChecks(
                vm: vm.name, gnbs: gnbs.filter { $0.vm == vm.name }.map(\.check),
                ues: ues.filter { $0.vm == vm.name }.flatMap(\.checks))
        }.filter { !$0.isEmpty }
    }

    /// Whether `vm` runs a UERANSIM gNB or UE, i.e. gets a smoke script; cheap (no IMSI is listed).
    public static func hasChecks(vm: String, in topology: ResolvedTopology) -> Bool {
        guard let core = topology.mobileCore else { return false }
        return gnbChecks(core).contains { $0.vm == vm } || ueHomes(core).contains { $0.vm == vm }
    }

    // MARK: - From the resolved model

    /// The UERANSIM gNBs placed on VMs, as `UERANSIMConfigs` writes them.
    static func gnbChecks(_ core: ResolvedCore) -> [(vm: String, check: GNB)] {
        core.gnbs.compactMap { gnb in
            guard gnb.software.isUERANSIM, let vm = UERANSIMConfigs.vm(gnb.placement), gnb.address != nil else {
                return nil
            }
            return (vm, GNB(name: gnb.name, node: nodeName(gnb, plmn: core.plmn)))
        }
    }

    /// The UEs of each UERANSIM UE group that gets a `ue.yaml`, where it runs (its own VM, else its gNB's).
    static func ueChecks(_ core: ResolvedCore) -> [(vm: String, checks: [UE])] {
        ueHomes(core).map { home in
            let sessions = requestedSessions(home.subscriber, core: core)
            return (
                home.vm,
                home.subscriber.group.imsis.map { UE(group: home.subscriber.group.name, imsi: $0, sessions: sessions) }
            )
        }
    }

    /// The UERANSIM UE groups that get a `ue.yaml`, and the VM each runs in.
    static func ueHomes(_ core: ResolvedCore) -> [(vm: String, subscriber: SubscriberGroup)] {
        core.ues.compactMap { ue in
            guard ue.software.isUERANSIM, let subscriber = SubscriberPlan.group(of: ue, in: core) else { return nil }
            let gnbs = UERANSIMConfigs.servingGNBs(ue, core: core)
            guard gnbs.contains(where: { $0.address != nil }),
                let vm = UERANSIMConfigs.vm(ue.placement)
                    ?? gnbs.lazy.compactMap({ UERANSIMConfigs.vm($0.placement) }).first
            else { return nil }
            return (vm, subscriber)
        }
    }

    /// The sessions the group's `ue.yaml` lists (`UERANSIMDocuments.ue`): its PDU session, if any.
    static func requestedSessions(_ subscriber: SubscriberGroup, core: ResolvedCore) -> [Session] {
        guard let session = subscriber.session,
            let pool = core.dnns.first(where: { $0.name == session.dnn })
        else { return [] }
        return [Session(dnn: session.dnn, slice: session.slice.snssai, gateway: pool.gateway)]
    }

    /// `UERANSIM-gnb-<mcc>-<mnc>-<id>`: nr-gnb prints MCC and MNC as integers (no leading zeros) and the
    /// gNB ID as the NCI's top `idLength` bits, in decimal.
    static func nodeName(_ gnb: ResolvedGNB, plmn: PLMN) -> String {
        let gnbID = (gnb.nci & 0xF_FFFF_FFFF) >> UInt64(36 - UERANSIMDocuments.gnbIDLength)
        let mcc = Int(plmn.mcc).map(String.init) ?? plmn.mcc
        let mnc = Int(plmn.mnc).map(String.init) ?? plmn.mnc
        return "UERANSIM-gnb-\(mcc)-\(mnc)-\(gnbID)"
    }
}
