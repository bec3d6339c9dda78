// Render/QEMUOption owns QEMU's `key=value,key=value` option syntax. Values are escaped here and only here,
// so a comma in a path or name can never start a new option.

/// Builds QEMU option strings.
public enum QEMUOption {
    /// A value as QEMU's option parser reads it back: each `,` is doubled (docs/system/invocation.rst).
    public static func escape(_ value: String) -> String {
        value.replacingAll(",", with: ",,")
    }

    /// `key=value,...` from ordered pairs; keys are ours (never escaped), values are escaped. Keys may repeat
    /// (`hostfwd=` once per forward).
    public static func pairs(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\(escape($0.1))" }.joined(separator: ",")
    }

    /// A leading bare word (a backend or device type such as `tap` or `virtio-net-pci`) and then pairs.
    public static func typed(_ type: String, _ pairs: [(String, String)]) -> String {
        pairs.isEmpty ? type : type + "," + Self.pairs(pairs)
    }
}
