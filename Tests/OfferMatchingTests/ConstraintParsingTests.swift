import OfferMatching
import Testing

@Suite struct ConstraintParsingTests {
    func error(_ fields: [String]) -> String? {
        do {
            _ = try PlacementConstraint.parse(fields)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func validFormsParse() throws {
        #expect(try PlacementConstraint.parse(["hostname", "UNIQUE"]) == PlacementConstraint(field: "hostname", operator: .unique))
        #expect(try PlacementConstraint.parse(["hostname", "UNIQUE", ""]).value == nil)
        #expect(try PlacementConstraint.parse(["rack", "GROUP_BY", "3"]).value == "3")
        #expect(try PlacementConstraint.parse(["rack", "GROUP_BY"]).fields == ["rack", "GROUP_BY"])
        #expect(try PlacementConstraint.parse(["rack", "CLUSTER"]).value == nil)
    }

    @Test func invalidFormsNameTheProblem() {
        #expect(self.error(["hostname"]) == "Each constraint must have either 2 or 3 fields")
        #expect(self.error(["a", "UNIQUE", "x", "y"]) == "Each constraint must have either 2 or 3 fields")
        #expect(self.error(["", "UNIQUE"]) == "Constraint field must not be empty")
        #expect(self.error(["hostname", "SPREAD"]) == "Constraint operator 'SPREAD' must be one of the following: UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS")
        #expect(self.error(["hostname", "UNIQUE", "x"]) == "Value specified but not used")
        #expect(self.error(["rack", "GROUP_BY", "three"]) == "Value 'three' was specified but is not a number")
        #expect(self.error(["rack", "MAX_PER"]) == "Value was not specified for operator MAX_PER")
        #expect(self.error(["rack", "LIKE"]) == "Value was not specified for operator LIKE")
        #expect(self.error(["rack", "LIKE", "("]) == "'(' is not a valid regular expression")
        #expect(self.error(["rack", "IS"]) == "Value was not specified for operator IS")
    }

    @Test func chronosAndMetronomeOperatorsMapOntoMarathons() throws {
        #expect(try PlacementConstraint.chronos(["rack", "EQUALS", "r1"]) == PlacementConstraint(field: "rack", operator: .is, value: "r1"))
        #expect(try PlacementConstraint.chronos(["rack", "LIKE", "r.*"]).operator == .like)
        #expect(throws: ConstraintError.unknownOperator("UNIQUE")) { try PlacementConstraint.chronos(["rack", "UNIQUE", "x"]) }
        #expect(try PlacementConstraint.metronome(attribute: "rack", operator: "EQ", value: "r1").operator == .is)
        #expect(try PlacementConstraint.metronome(attribute: "rack", operator: "UNLIKE", value: "r1").operator == .unlike)
        #expect(throws: ConstraintError.missingValue(.is)) { try PlacementConstraint.metronome(attribute: "rack", operator: "IS", value: nil) }
    }
}
