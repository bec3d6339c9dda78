// TopocExecute owns everything that touches the machine: running processes and calling libvirt.
// This file is the thin, safe wrapper over the libvirt C API that the libvirt driver builds on; CLibvirt
// loads libvirt itself the first time a connection is opened.
import CLibvirt

#if canImport(Glibc)
    import Glibc
#endif

/// A libvirt failure, with libvirt's own message.
public struct LibvirtError: Error, CustomStringConvertible {
    public var operation: String
    public var message: String

    public var description: String { "\(operation): \(message)" }

    static func last(_ operation: String) -> LibvirtError {
        let message = topoc_virGetLastErrorMessage().map { String(cString: $0) } ?? "unknown libvirt error"
        return LibvirtError(operation: operation, message: message)
    }
}

/// An open connection (`qemu:///system`, `qemu:///session`, `test:///default`), closed on deinit.
public final class LibvirtConnection {
    private let handle: virConnectPtr
    public let uri: String

    /// Loads libvirt on first use (a missing libvirt0 is an error here, not at start-up) and connects.
    public init(uri: String) throws(LibvirtError) {
        if let reason = topoc_libvirt_unavailable() {
            throw LibvirtError(operation: "open \(uri)", message: String(cString: reason))
        }
        // libvirt prints every error to stderr by default; we report them ourselves.
        topoc_virSetErrorFunc(nil) { _, _ in }
        guard let handle = topoc_virConnectOpen(uri) else { throw LibvirtError.last("open \(uri)") }
        self.handle = handle
        self.uri = uri
    }

    deinit {
        topoc_virConnectClose(handle)
    }

    /// Names of all domains, running or defined, sorted.
    public func domainNames() throws(LibvirtError) -> [String] {
        var domains: UnsafeMutablePointer<virDomainPtr?>?
        let count = topoc_virConnectListAllDomains(handle, &domains, 0)
        guard count >= 0, let domains else { throw LibvirtError.last("list domains") }
        defer { free(domains) }
        var names: [String] = []
        for index in 0..<Int(count) {
            guard let domain = domains[index] else { continue }
            if let name = topoc_virDomainGetName(domain) { names.append(String(cString: name)) }
            topoc_virDomainFree(domain)
        }
        return names.sorted()
    }

    /// Defines a persistent domain from XML, validated against libvirt's schema; returns its name.
    @discardableResult
    public func defineDomain(xml: String) throws(LibvirtError) -> String {
        guard let domain = topoc_virDomainDefineXMLFlags(handle, xml, UInt32(VIR_DOMAIN_DEFINE_VALIDATE.rawValue))
        else {
            throw LibvirtError.last("define domain")
        }
        defer { topoc_virDomainFree(domain) }
        return topoc_virDomainGetName(domain).map { String(cString: $0) } ?? ""
    }

    /// Removes a defined domain by name.
    public func undefineDomain(named name: String) throws(LibvirtError) {
        guard let domain = topoc_virDomainLookupByName(handle, name) else { throw LibvirtError.last("look up \(name)") }
        defer { topoc_virDomainFree(domain) }
        guard topoc_virDomainUndefine(domain) == 0 else { throw LibvirtError.last("undefine \(name)") }
    }
}
