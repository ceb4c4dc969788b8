import Testing
@testable import ShubbakCore

@Suite struct SeededRandomTests {
    @Test func matchesSplitMix64sReferenceOutput() {
        // The first outputs of SplitMix64 seeded with 0, as published with the algorithm (Vigna).
        var random = SeededRandom(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func theSameSeedGivesTheSameNumbers() {
        var first = SeededRandom(seed: 2026), second = SeededRandom(seed: 2026)
        let a = (0..<100).map { _ in first.below(1_000) }
        let b = (0..<100).map { _ in second.below(1_000) }
        #expect(a == b)
        #expect(a.allSatisfy { (0..<1_000).contains($0) })
        #expect(Set(a).count > 50)
    }
}
