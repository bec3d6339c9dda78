// The `topoc` command: a thin layer that reads files, runs the pipeline (TopocPlan), prints and writes.
// Nothing below this target prints or touches the file system.
import ArgumentParser

@main
struct Topoc: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topoc",
        abstract: "A declarative topology compiler for 4G/5G testbeds.",
        discussion: """
            One YAML file describes a lab: VMs, L2 networks, mobile-core network functions, slices, RAN \
            simulators and edge apps. topoc validates it, derives everything left unsaid (addresses, MACs, \
            interface names, ports) and emits each target's artifacts (for `target: qemu`, the one built so far: \
            QEMU command lines, cloud-init seeds and host network set-up). \
            `apply` builds the lab on this machine and records what it made; `diff` shows what would change; \
            `destroy` removes it all; `smoke` runs its generated smoke test in the running guests.

            The language reference is docs/language.md; its JSON Schema is schemas/topology.schema.json.

            Shell completions: `topoc --generate-completion-script bash` (or zsh, fish) prints a script to \
            source or install, e.g. `topoc --generate-completion-script bash > /etc/bash_completion.d/topoc`.
            """,
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self, PlanCommand.self, DiffCommand.self, ApplyCommand.self, DestroyCommand.self,
            SmokeCommand.self,
        ])
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
