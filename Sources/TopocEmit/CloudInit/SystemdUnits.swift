// CloudInit/SystemdUnits owns how a guest's first-boot set-up steers systemd units without a `systemctl` call
// per unit: masks as empty unit files, start order as drop-ins, and the one call that holds packaged units
// back until the set-up starts them. Written for the core's units; any set-up (the RAN's too) can use it.
//
// When each piece acts (cloud-init's module order, cloud_init_modules then cloud_final_modules): `bootcmd` and
// then `write_files` run in the init stage (cloud-init.service, ordered before network-online.target), package
// installation and `runcmd` in the final stage. An image that already carries a package has its enabled units
// queued at boot: the hold is the earliest point user-data can reach them (some start even earlier, e.g.
// Open5GS's UPF after networking.service, and are stopped by it).
import TopocModel

enum SystemdUnits {
    static let directory = "/etc/systemd/system"

    /// An empty unit file in /etc: systemd loads the unit as masked (systemd.unit(5): a unit file that is empty
    /// or a symlink to /dev/null), for good, whatever package installs it before or after, and without a
    /// `systemctl mask` call. It takes effect at the next daemon-reload; on this boot the hold covers it.
    static func mask(_ unit: String) -> WriteFile {
        WriteFile(path: "\(directory)/\(unit)", content: "")
    }

    /// A drop-in ordering `unit` after `after` (only ordering: a unit of `after` that fails or is absent does
    /// not keep it from starting) and making it need `requires`. After= orders start jobs that are queued at
    /// the same time, so it holds at every boot and when one `systemctl start` asks for them all.
    static func orderingDropIn(for unit: String, after: [String], requires: [String] = []) -> WriteFile {
        var text = "# Written by topoc: the start order of this VM's set-up.\n[Unit]\n"
        if !after.isEmpty { text += "After=\(after.joined(separator: " "))\n" }
        if !requires.isEmpty { text += "Requires=\(requires.joined(separator: " "))\n" }
        return WriteFile(path: "\(directory)/\(unit).d/10-topoc-order.conf", content: text)
    }

    /// The `bootcmd` entry that keeps `units` from starting on the first boot until the set-up starts them
    /// (`topoc-services start` unmasks them): one `systemctl stop` for all of them (those already started stop,
    /// queued starts are cancelled; absent ones are only reported), then one `systemctl mask --runtime`. Not
    /// `mask --now`: it reloads before it stops, and the reload runs the queued starts of the freshly masked
    /// units, which then fail on the console. Runtime masks live in /run, so they are gone at the next boot;
    /// `cloud-init-per instance` runs it once per instance, like `runcmd`, since bootcmd runs at every boot.
    /// Units not installed (yet) are masked all the same, so a package that a later step installs cannot
    /// start them either. A fixed shell text; the unit names come as arguments.
    static func holdOnFirstBoot(_ units: [String]) -> Command {
        .argv(["cloud-init-per", "instance", "topoc-hold-units", "sh", "-c", holdScript, "topoc-hold-units"] + units)
    }

    static let holdScript = "systemctl stop -- \"$@\" 2>/dev/null; systemctl mask --runtime -- \"$@\""
}
