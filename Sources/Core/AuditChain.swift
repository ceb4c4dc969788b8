import Crypto
import Foundation

/// The contract's hash chain over the center's events: h0 = 32 zero bytes,
/// h(i) = SHA-256(h(i-1) ‖ line(i)). A center that rewrote its history cannot match it again.
public enum AuditChain {
    public static let genesis = [UInt8](repeating: 0, count: 32)

    public static func next(after previous: [UInt8], line: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: Data(line.utf8))
        return Array(hasher.finalize())
    }

    public static func hex(_ hash: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(hash.count * 2)
        for byte in hash {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
