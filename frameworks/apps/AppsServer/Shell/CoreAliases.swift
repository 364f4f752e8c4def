import AppsCore

// AppsCore's names that other modules also use (Hummingbird's `RequestContext` protocol,
// the SDK's `ReconcileTask`): spelled here, where only AppsCore is imported. The module
// cannot be named to qualify them because it has a type called `AppsCore`.

/// Who sent an API request (AppsCore's `RequestContext`).
typealias APIRequestOrigin = RequestContext
/// A task the core wants reconciled (AppsCore's `ReconcileTask`).
typealias CoreReconcileTask = ReconcileTask
/// A Marathon task state (AppsCore's `TaskState`).
typealias CoreTaskState = TaskState
