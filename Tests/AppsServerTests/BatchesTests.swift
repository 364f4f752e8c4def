import AgoraSDK
import Testing

@Suite struct BatchesTests {
    @Test func whatArrivedWhileTheConsumerWasAwayComesAsOneBatchInOrder() async {
        let batches = Batches<Int>()
        for value in 1...5 { batches.append(value) }
        #expect(await batches.next() == [1, 2, 3, 4, 5])
        batches.append(6)
        #expect(await batches.next() == [6])
    }

    @Test func anElementReachesAConsumerThatWaitsOrComesLater() async {
        let batches = Batches<Int>()
        // The consumer may be waiting already or not yet: it gets the element either way.
        let consumer = Task { await batches.next() }
        batches.append(1)
        #expect(await consumer.value == [1])
    }

    @Test func finishHandsOutWhatIsLeftThenEndsAndDropsLaterElements() async {
        let batches = Batches<String>()
        batches.append("a")
        batches.finish()
        batches.append("b")
        #expect(await batches.next() == ["a"])
        #expect(await batches.next() == nil)
    }

    @Test func cancellingAWaitingConsumerEndsItsWait() async {
        let batches = Batches<Int>()
        let consumer = Task { await batches.next() }
        consumer.cancel()
        #expect(await consumer.value == nil)
    }
}
