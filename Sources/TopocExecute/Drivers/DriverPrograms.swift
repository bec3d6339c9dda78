// Drivers/DriverPrograms names every program the drivers start on this machine, in one place, so that the
// tests can hold it against scripts/install-deps.sh's table: a driver that starts a new program without a
// package in that table fails a test instead of a fresh machine.
import TopocEmit

extension HostDrivers {
    /// QEMU itself, the disk and seed tools, `ip` for bridges, taps and the emitted host steps, and `curl` for
    /// image downloads. (`xorriso` is a fallback for machines without `genisoimage`; the install script
    /// provides the latter.)
    public static let programs = [QEMUCommandLine.binary, "qemu-img", "genisoimage", "ip", "curl"]
}
