import Foundation
import TopocEmit
import TopocPlan

/// The QEMU drivers read a VM's `vm.json` and `qemu.json` from the lab's artifacts, found through the
/// paths its desired resource names.
extension LabContext {
    func vmSpec(_ resource: DesiredResource) throws(ExecutionError) -> VMSpec {
        guard let path = resource.attributes["spec"], let artifact = artifacts[path] else {
            throw ExecutionError("\(resource.id): its vm.json is not among the artifacts")
        }
        do {
            return try JSONDecoder().decode(VMSpec.self, from: Data(artifact.contents.utf8))
        } catch {
            throw ExecutionError("\(path) cannot be read: \(error)")
        }
    }

    func argv(_ resource: DesiredResource) throws(ExecutionError) -> [String] {
        guard let path = resource.attributes["argv"], let artifact = artifacts[path] else {
            throw ExecutionError("\(resource.id): its qemu.json is not among the artifacts")
        }
        do {
            return try JSONDecoder().decode([String].self, from: Data(artifact.contents.utf8))
        } catch {
            throw ExecutionError("\(path) cannot be read: \(error)")
        }
    }
}
