// UERANSIM/UERANSIMEmitter writes the lab's UERANSIM files as artifacts: `ran/<gNB>/gnb.yaml` and
// `ran/<group>/ue.yaml` (`ue-2.yaml`, ... for groups beyond 512 UEs), the same bytes the guests receive.
import TopocModel

enum UERANSIMEmitter {
    static func artifacts(_ topology: ResolvedTopology) throws -> [Artifact] {
        try UERANSIMConfigs.all(topology).map { placed in
            Artifact(
                path: placed.artifactPath, contents: placed.file.contents,
                mode: placed.file.isSecret ? Artifact.secretMode : Artifact.publicMode,
                kind: placed.file.isSecret ? .ueransimUE : .ueransimGNB)
        }
    }
}
