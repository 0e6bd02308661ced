import Crypto
import Foundation

/// SHA-256 of bytes as lowercase hex: how files are identified (re-sending the same file is a no-op).
public func sha256Hex(_ bytes: some DataProtocol) -> String {
    SHA256.hash(data: bytes).map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
    }.joined()
}
