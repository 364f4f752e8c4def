import OfferMatching
import Testing

@Suite struct ConstraintTests {
    let rack1 = at("h1", ["rack": .text("r1")])
    let rack1b = at("h2", ["rack": .text("r1")])
    let rack2 = at("h3", ["rack": .text("r2")])
    let rack3 = at("h4", ["rack": .text("r3")])
    let noRack = at("h5")

    @Test func uniqueAllowsOneInstancePerValue() {
        let unique = constraint("hostname", "UNIQUE")
        #expect(unique.isSatisfied(at: at("h1"), alongside: []))
        #expect(!unique.isSatisfied(at: at("h1"), alongside: [at("h1")]))
        #expect(unique.isSatisfied(at: at("h2"), alongside: [at("h1")]))
        let rackUnique = constraint("rack", "UNIQUE")
        // h2 is another host but the same rack
        #expect(!rackUnique.isSatisfied(at: self.rack1b, alongside: [self.rack1]))
    }

    @Test func clusterWithValuePinsToIt() {
        let cluster = constraint("rack", "CLUSTER", "r2")
        #expect(cluster.isSatisfied(at: self.rack2, alongside: []))
        #expect(!cluster.isSatisfied(at: self.rack1, alongside: []))
    }

    @Test func clusterWithoutValueFollowsTheFirstPlacement() {
        let cluster = constraint("rack", "CLUSTER")
        #expect(cluster.isSatisfied(at: self.rack1, alongside: []))
        #expect(cluster.isSatisfied(at: self.rack1b, alongside: [self.rack1]))
        #expect(!cluster.isSatisfied(at: self.rack2, alongside: [self.rack1]))
    }

    @Test func groupByBalancesAcrossValuesSeen() {
        let groupBy = constraint("rack", "GROUP_BY")
        // placed: r1 x2, r2 x1 -> r1 is not the smallest group, r2 is, r3 is new
        let placed = [self.rack1, self.rack1b, self.rack2]
        #expect(!groupBy.isSatisfied(at: self.rack1, alongside: placed))
        #expect(groupBy.isSatisfied(at: self.rack2, alongside: placed))
        #expect(groupBy.isSatisfied(at: self.rack3, alongside: placed))
    }

    @Test func groupByWithCountWaitsForThatManyValues() {
        let groupBy = constraint("rack", "GROUP_BY", "3")
        // placed: r1 x1 -> one group of the 3 expected; r1 again is refused until r2 and r3 are used
        #expect(!groupBy.isSatisfied(at: self.rack1, alongside: [self.rack1]))
        #expect(groupBy.isSatisfied(at: self.rack2, alongside: [self.rack1]))
        // placed: r1, r2, r3 -> three groups, each of size 1 -> r1 is among the smallest
        #expect(groupBy.isSatisfied(at: self.rack1, alongside: [self.rack1, self.rack2, self.rack3]))
    }

    @Test func groupByCountsInstancesWithoutTheAttributeAsAGroup() {
        let groupBy = constraint("rack", "GROUP_BY")
        // placed: r1 x1, (none) x1 -> both groups size 1 -> r1 accepted
        #expect(groupBy.isSatisfied(at: self.rack1, alongside: [self.rack1, self.noRack]))
        // placed: r1 x1, (none) x0 -> r1 the only group
        #expect(groupBy.isSatisfied(at: self.rack1, alongside: [self.rack1]))
    }

    @Test func maxPerCapsInstancesPerValue() {
        let maxPer = constraint("rack", "MAX_PER", "2")
        #expect(maxPer.isSatisfied(at: self.rack1, alongside: [self.rack1]))
        #expect(!maxPer.isSatisfied(at: self.rack1, alongside: [self.rack1, self.rack1b]))
        #expect(maxPer.isSatisfied(at: self.rack2, alongside: [self.rack1, self.rack1b]))
    }

    @Test func likeAndUnlikeMatchTheWholeValue() {
        let like = constraint("hostname", "LIKE", "h[1-3]")
        #expect(like.isSatisfied(at: at("h2"), alongside: []))
        // full match: "h22" contains "h2" but does not match h[1-3] as a whole
        #expect(!like.isSatisfied(at: at("h22"), alongside: []))
        let unlike = constraint("rack", "UNLIKE", "r1|r2")
        #expect(!unlike.isSatisfied(at: self.rack1, alongside: []))
        #expect(unlike.isSatisfied(at: self.rack3, alongside: []))
    }

    @Test func missingAttributeFailsEveryOperatorButUnlike() {
        for op in ["UNIQUE", "CLUSTER", "GROUP_BY"] {
            #expect(!constraint("rack", op).isSatisfied(at: self.noRack, alongside: []), "\(op)")
        }
        #expect(!constraint("rack", "LIKE", "r.*").isSatisfied(at: self.noRack, alongside: []))
        #expect(!constraint("rack", "IS", "r1").isSatisfied(at: self.noRack, alongside: []))
        #expect(!constraint("rack", "MAX_PER", "5").isSatisfied(at: self.noRack, alongside: []))
        #expect(constraint("rack", "UNLIKE", "r.*").isSatisfied(at: self.noRack, alongside: []))
    }

    @Test func isComparesTextAndScalarsAsMarathonFormatsThem() {
        let host = at("h1", ["cores": .scalar(8), "weight": .scalar(1.5), "zone": .text("a")])
        #expect(constraint("zone", "IS", "a").isSatisfied(at: host, alongside: []))
        // scalar 8.0 formats as "8"; the value "8.000" formats as "8" too
        #expect(constraint("cores", "IS", "8").isSatisfied(at: host, alongside: []))
        #expect(constraint("cores", "IS", "8.000").isSatisfied(at: host, alongside: []))
        #expect(constraint("weight", "IS", "1.50").isSatisfied(at: host, alongside: []))
        #expect(!constraint("cores", "IS", "9").isSatisfied(at: host, alongside: []))
    }

    @Test func attributeTextFormats() {
        #expect(AttributeValue.scalar(1.0005).constraintText == "1")
        #expect(AttributeValue.scalar(1.1005).constraintText == "1.101")
        #expect(AttributeValue.scalar(2.5).constraintText == "2.5")
        #expect(AttributeValue.scalar(0.0625).constraintText == "0.062")
        #expect(AttributeValue.ranges([ValueRange(5, 6), ValueRange(1, 2)]).constraintText == "[1-2,5-6]")
        #expect(AttributeValue.set(["b", "a"]).constraintText == "{a,b}")
    }

    @Test func specialFieldsReadHostnameAndFaultDomain() {
        var placement = at("h1")
        placement.region = "eu"
        placement.zone = "eu-1"
        #expect(constraint("@hostname", "IS", "h1").isSatisfied(at: placement, alongside: []))
        #expect(constraint("@region", "IS", "eu").isSatisfied(at: placement, alongside: []))
        #expect(constraint("@zone", "LIKE", "eu-.*").isSatisfied(at: placement, alongside: []))
    }

    @Test func poolRejectsWithTheFailedConstraintAndShortResources() {
        let pool = OfferPool(offer("o1", host: "h1", cpus: 0.1))
        let unique = constraint("hostname", "UNIQUE")
        let rejections = pool.rejections(for: ResourceDemand(cpus: 1, mem: 1), constraints: [unique], placed: [at("h1")])
        #expect(rejections == [.unfulfilledConstraint(unique), .insufficientScalar(resource: "cpus", needed: 1, available: 0.1)])
        #expect(rejections[0].description == "constraint [\"hostname\",\"UNIQUE\"] not met")
    }
}
