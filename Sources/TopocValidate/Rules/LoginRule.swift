import TopocBind
import TopocDiagnostics
import TopocModel

/// Labs hold secrets and run as root: no plain-text password, no private key pasted as a public one, and a
/// warning when nobody could log in.
struct LoginRule: ValidationRule {
    static let ids = [
        "secret.plaintext-password", "secret.private-key", "value.ssh-key", "value.password-hash", "login.none",
    ]

    static let keyPrefixes: [String] = [
        "ssh-ed25519 ", "ssh-rsa ", "ecdsa-sha2-", "sk-ssh-ed25519@openssh.com ", "sk-ecdsa-sha2-",
    ]

    func check(_ topology: Topology, _ bound: BoundTopology) -> [Diagnostic] {
        let login = topology.defaults.login
        var found: [Diagnostic] = []
        if login.plaintextPasswordWritten {
            found.append(
                .error(
                    "secret.plaintext-password", "a plain-text password would be written into every guest's seed",
                    at: login.origin[LoginKey.password],
                    help: "write `password-hash:` instead (make one with `openssl passwd -6` or `mkpasswd -m sha-512`)")
            )
        }
        if let hash = login.passwordHash, !hash.hasPrefix("$") || hash.split(separator: "$").count < 3 {
            found.append(
                .error(
                    "value.password-hash", "`defaults.login.password-hash` is not a crypt(3) hash",
                    at: login.origin[LoginKey.passwordHash],
                    help: "a hash starts with `$6$`, `$y$` or similar"))
        }
        for (index, key) in login.sshKeys.enumerated() {
            // Spelled `ssh-keys[i]` to look up: only for a key that is wrong.
            let at = { login.origin[LoginKey.sshKeys, item: index] }
            if key.firstRange(of: "PRIVATE KEY") != nil {
                found.append(
                    .error(
                        "secret.private-key", "`defaults.login.ssh-keys[\(index)]` is a private key",
                        at: at(),
                        help: "paste the public key (the `.pub` file)"))
            } else if !Self.keyPrefixes.contains(where: key.hasPrefix) {
                found.append(
                    .error(
                        "value.ssh-key",
                        "`defaults.login.ssh-keys[\(index)]`: `\(key.count > 24 ? key.prefix(24) + "…" : key)` is not an OpenSSH public key",
                        at: at(), help: "a public key starts with `ssh-ed25519`, `ssh-rsa` or `ecdsa-sha2-`"))
            }
        }
        if login.sshKeys.isEmpty, login.passwordHash == nil, !login.plaintextPasswordWritten, !topology.vms.isEmpty {
            found.append(
                .warning(
                    "login.none", "no SSH key and no password hash: nobody can log in to the guests",
                    at: login.origin.path.isEmpty ? topology.origin.location : login.origin.location,
                    help: "add `defaults.login.ssh-keys`"))
        }
        return found
    }
}
