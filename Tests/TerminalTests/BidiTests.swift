import Testing
@testable import ShubbakTerminal

@Suite struct BidiTests {
    @Test func mixedArabicLatinDigitsBecomeShapedVisualOrder() {
        let visual = BidiText.visual("طلب رقم 12345 - Request", direction: .rightToLeft)
        #expect(visual == "Request - 12345 ﻢﻗﺭ ﺐﻠﻃ")
    }
}
