/// JSON samples from reference/mesos.md §1.4 and §1.10, with the elided IDs filled in.
/// Samples of what Mesos *writes* (events) are in its exact output form: declaration order,
/// compact, doubles with a fraction. Samples of what clients *send* keep the client's order.
enum Samples {
    static let masterID = "5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182"
    static let frameworkID = masterID + "-0000"
    static let agentID = masterID + "-S3"

    static let subscribed = #"{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-0000"},"heartbeat_interval_seconds":15.0}}"#

    static let subscribedWithMasterInfo = #"{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-0000"},"heartbeat_interval_seconds":15.0,"master_info":{"id":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182","ip":16777343,"port":5050,"pid":"master@127.0.0.1:5050","hostname":"m1","version":"1.12.0","address":{"hostname":"m1","ip":"127.0.0.1","port":5050},"capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{"type":"QUOTA_V2"}]}}}"#

    static let heartbeat = #"{"type":"HEARTBEAT"}"#

    static let offers = #"{"type":"OFFERS","offers":{"offers":[{"id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-O42"},"framework_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-0000"},"agent_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-S3"},"hostname":"agent3","url":{"scheme":"http","address":{"hostname":"agent3","ip":"10.0.0.13","port":5051},"path":"/slave(1)"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":8.0},"role":"*","allocation_info":{"role":"dev"}},{"name":"mem","type":"SCALAR","scalar":{"value":15000.0},"role":"*","allocation_info":{"role":"dev"}},{"name":"disk","type":"SCALAR","scalar":{"value":40000.0},"role":"*","allocation_info":{"role":"dev"}},{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000}]},"role":"*","allocation_info":{"role":"dev"}}],"attributes":[{"name":"rack","type":"TEXT","text":{"value":"r1"}}],"allocation_info":{"role":"dev"}}]}}"#

    static let update = #"{"type":"UPDATE","update":{"status":{"task_id":{"value":"web-1"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR","agent_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-S3"},"executor_id":{"value":"web-1"},"timestamp":1700000000.123456,"uuid":"Lx6bfE0qTI6bUWoPPi0cdw=="}}}"#

    static let error = #"{"type":"ERROR","error":{"message":"Framework failed over"}}"#

    static let subscribe = #"""
        {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"alice","name":"demo","principal":"alice",
         "failover_timeout":604800,"checkpoint":true,"roles":["dev"],
         "capabilities":[{"type":"MULTI_ROLE"},{"type":"PARTITION_AWARE"},{"type":"GPU_RESOURCES"}]},
         "suppressed_roles":[]}}
        """#

    static let accept = #"""
        {"type":"ACCEPT","framework_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-0000"},
         "accept":{"offer_ids":[{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-O42"}],
          "operations":[{"type":"LAUNCH","launch":{"task_infos":[{
            "name":"web-1","task_id":{"value":"web-1"},"agent_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-S3"},
            "resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.5}},
                         {"name":"mem","type":"SCALAR","scalar":{"value":128}},
                         {"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":31000}]}}],
            "command":{"shell":true,"value":"python3 -m http.server $PORT0",
                       "environment":{"variables":[{"name":"PORT0","value":"31000"}]}}}]}}],
          "filters":{"refuse_seconds":5.0}}}
        """#

    static let acknowledge = #"""
        {"type":"ACKNOWLEDGE","framework_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-0000"},
         "acknowledge":{"agent_id":{"value":"5c2ab37e-8f0d-4b6e-a1c2-3d4e5f607182-S3"},"task_id":{"value":"web-1"},
         "uuid":"Lx6bfE0qTI6bUWoPPi0cdw=="}}
        """#
}
