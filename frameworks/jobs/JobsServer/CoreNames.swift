import JobsCore

// JobsCore and AgoraSDK both name a type `ReconcileTask`; files that see both refer to the
// core's through this alias (declared where only JobsCore is imported).

/// The core's reconciliation request (`JobsCore.ReconcileTask`).
typealias CoreReconcileTask = ReconcileTask
