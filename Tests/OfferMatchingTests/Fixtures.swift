import OfferMatching

func offer(
    _ id: String, agent: String = "a1", host: String = "h1", cpus: Double = 4, mem: Double = 1024, disk: Double = 0,
    gpus: Double = 0, ports: [ValueRange] = [ValueRange(31000, 31009)], attributes: [String: AttributeValue] = [:]
) -> ResourceOffer {
    ResourceOffer(
        id: id, agentID: agent, hostname: host, attributes: attributes, cpus: cpus, mem: mem, disk: disk, gpus: gpus,
        ports: ports)
}

func at(_ host: String, _ attributes: [String: AttributeValue] = [:]) -> Placement {
    Placement(agentID: "agent-\(host)", hostname: host, attributes: attributes)
}

func constraint(_ fields: String...) -> PlacementConstraint {
    do { return try PlacementConstraint.parse(fields) } catch { fatalError("bad fixture \(fields): \(error)") }
}
