import TopocDiagnostics

public struct Defaults: Equatable, Sendable {
    public var vm: VMSettings
    public var login: Login

    public init(vm: VMSettings = VMSettings(), login: Login = Login()) {
        self.vm = vm
        self.login = login
    }
}

public enum Accel: String, Sendable, Codable, CaseIterable {
    case auto, kvm, tcg
}

public enum MachineType: String, Sendable, Codable, CaseIterable {
    case q35, pc
}

public enum DiskBus: String, Sendable, Codable, CaseIterable {
    case virtio, nvme
}

/// The VM settings that `defaults.vm` and each VM share; nil means "not said here".
public struct VMSettings: Equatable, Sendable {
    public var image: String?
    public var cpus: Int?
    public var memory: ByteSize?
    public var disk: ByteSize?
    public var host: String?
    public var accel: Accel?
    public var cpuModel: String?
    public var machine: MachineType?
    public var diskBus: DiskBus?
    public var origin: Origin

    public init(
        image: String? = nil, cpus: Int? = nil, memory: ByteSize? = nil, disk: ByteSize? = nil,
        host: String? = nil, accel: Accel? = nil, cpuModel: String? = nil, machine: MachineType? = nil,
        diskBus: DiskBus? = nil, origin: Origin = .synthesized
    ) {
        self.image = image
        self.cpus = cpus
        self.memory = memory
        self.disk = disk
        self.host = host
        self.accel = accel
        self.cpuModel = cpuModel
        self.machine = machine
        self.diskBus = diskBus
        self.origin = origin
    }

    /// These settings, with anything unsaid taken from `fallback`.
    public func inheriting(from fallback: VMSettings) -> VMSettings {
        VMSettings(
            image: image ?? fallback.image, cpus: cpus ?? fallback.cpus, memory: memory ?? fallback.memory,
            disk: disk ?? fallback.disk, host: host ?? fallback.host, accel: accel ?? fallback.accel,
            cpuModel: cpuModel ?? fallback.cpuModel, machine: machine ?? fallback.machine,
            diskBus: diskBus ?? fallback.diskBus, origin: origin)
    }
}

/// The login user of every guest. A plain-text password is never kept: only the fact that one was written,
/// so validation can refuse it.
public struct Login: Equatable, Sendable {
    public static let defaultUser = "topoc"

    public var user: String
    public var sshKeys: [String]
    public var passwordHash: String?
    public var plaintextPasswordWritten: Bool
    public var origin: Origin

    public init(
        user: String = Login.defaultUser, sshKeys: [String] = [], passwordHash: String? = nil,
        plaintextPasswordWritten: Bool = false, origin: Origin = .synthesized
    ) {
        self.user = user
        self.sshKeys = sshKeys
        self.passwordHash = passwordHash
        self.plaintextPasswordWritten = plaintextPasswordWritten
        self.origin = origin
    }
}
