import Crypto
import Foundation

/// SHA-256 of bytes as lowercase hex: how files are identified (re-sending the same file is a no-op).
public func sha256Hex(_ bytes: some DataProtocol) -> String {
    hex(SHA256.hash(data: bytes))
}

/// SHA-256 of a file read in 1 MiB pieces, for files too large to hold in memory.
public func sha256Hex(ofFileAt path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        hasher.update(data: chunk)
    }
    return hex(hasher.finalize())
}

/// SHA-256 of bytes in base64, as a Content-Security-Policy hash source wants it.
public func sha256Base64(_ bytes: some DataProtocol) -> String {
    Data(SHA256.hash(data: bytes)).base64EncodedString()
}

/// Lower-case hex, two digits a byte, written into one buffer: every file received is named
/// by its digest, and a string per byte cost more than the hashing of a small file.
private let hexDigits = Array("0123456789abcdef".utf8)

private func hex(_ digest: SHA256.Digest) -> String {
    String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { buffer in
        var index = 0
        for byte in digest {
            buffer[index] = hexDigits[Int(byte >> 4)]
            buffer[index + 1] = hexDigits[Int(byte & 0x0F)]
            index += 2
        }
        return index
    }
}
