import Testing

/// The operator API, client and CLI suites, run one after another: each starts real
/// clusters, and running them side by side with the other integration suites loaded the
/// machine enough to slow status acknowledgements past the agent's retry interval.
@Suite(.serialized) enum OperatorIntegration {}
