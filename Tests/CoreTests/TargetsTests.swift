import Foundation
import Testing
@testable import ShubbakCore

/// Issue 16 item 4: known answers for where a duration falls against its target.
@Suite struct TargetsTests {
    @Test func eachBoundBelongsToTheBucketItCloses() {
        let target = 15 * 60
        #expect(TargetBucket.of(0, target: target) == .withinHalf)
        #expect(TargetBucket.of(450, target: target) == .withinHalf)
        #expect(TargetBucket.of(451, target: target) == .withinTarget)
        #expect(TargetBucket.of(900, target: target) == .withinTarget)
        #expect(TargetBucket.of(901, target: target) == .withinDouble)
        #expect(TargetBucket.of(1_800, target: target) == .withinDouble)
        #expect(TargetBucket.of(1_801, target: target) == .beyondDouble)
        // An odd target: half of 61 s is 30.5 s, so 30 s is within half and 31 s is not.
        #expect(TargetBucket.of(30, target: 61) == .withinHalf && TargetBucket.of(31, target: 61) == .withinTarget)
    }

    @Test func metIsWithinTheTargetRoundedToTheNearestPercent() {
        let target = 600
        let figures = TargetFigures(measure: .handlingFast, target: target, durations: [100, 300, 301, 600, 601, 1_200, 5_000])
        #expect(figures.buckets == [.withinHalf: 2, .withinTarget: 2, .withinDouble: 2, .beyondDouble: 1])
        #expect(TargetFigures(measure: .waiting, target: target).buckets == [.withinHalf: 0, .withinTarget: 0, .withinDouble: 0, .beyondDouble: 0])
        #expect(figures.count == 7 && figures.met == 4)
        #expect(figures.metPercent == 57, "4 of 7 is 57.1 %")
        #expect(TargetFigures(measure: .waiting, target: target, durations: [1, 2, 9_000]).metPercent == 67, "2 of 3 is 66.7 %")
        #expect(TargetFigures(measure: .waiting, target: target, durations: [1, 9_000]).metPercent == 50)
        #expect(TargetFigures(measure: .waiting, target: target, durations: []).metPercent == nil)
    }

    @Test func targetsComeInMinutesAndAreNeverZero() {
        let targets = Targets(handlingFastMinutes: 10, handlingSlowMinutes: 0, waitingMinutes: 45)
        #expect(targets.seconds(for: .handlingFast) == 600)
        #expect(targets.seconds(for: .handlingSlow) == 60)
        #expect(targets.seconds(for: .waiting) == 2_700)
    }

    @Test func theJSONNamesEveryBucket() throws {
        let figures = TargetFigures(measure: .handlingSlow, target: 1_800, durations: [60])
        let text = String(decoding: try Wire.makeEncoder().encode(figures), as: UTF8.self)
        #expect(text.contains(#""within_half":1"#) && text.contains(#""beyond_double":0"#) && text.contains(#""target_seconds":1800"#))
        #expect(try Wire.makeDecoder().decode(TargetFigures.self, from: Data(text.utf8)) == figures)
    }
}
