/// Capabilities a framework declares in its FrameworkInfo (Mesos `FrameworkInfo.Capability`).
public enum FrameworkCapability: Int, Hashable, Sendable, CaseIterable {
    case revocableResources = 1
    case taskKillingState = 2
    case gpuResources = 3
    case sharedResources = 4
    case partitionAware = 5
    case multiRole = 6
    case reservationRefinement = 7
    case regionAware = 8
}
