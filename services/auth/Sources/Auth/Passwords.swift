import Foundation
import HummingbirdBcrypt
import NIOPosix
import ServiceKit

/// bcrypt hashing on NIO's thread pool, never on the event loop or the cooperative pool.
struct PasswordHasher: Sendable {
    let cost: UInt8
    /// A hash of a random password at the same cost: verifying against it when an account does
    /// not exist takes as long as a real check, so timing does not reveal which accounts exist.
    let decoyHash: String

    init(cost: Int) {
        self.cost = UInt8(clamping: cost)
        self.decoyHash = Bcrypt.hash(UUID().uuidString, cost: self.cost)
    }

    func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { [cost] in Bcrypt.hash(password, cost: cost) }
    }

    /// False for a missing account and for a password over bcrypt's 72 bytes (which bcrypt would
    /// compare truncated); both still cost one bcrypt run.
    func verify(_ password: String, hash: String?) async throws -> Bool {
        let tooLong = password.utf8.count > PasswordPolicy.maxBytes
        let target = tooLong ? decoyHash : hash ?? decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return hash != nil && !tooLong && matches
    }
}

/// Password rules after OWASP ASVS: length only (8 to 72 UTF-8 bytes, the bcrypt limit, which is
/// refused explicitly rather than silently truncated), no composition rules, no common passwords.
enum PasswordPolicy {
    /// bcrypt reads at most 72 bytes.
    static let maxBytes = 72

    /// The 8,366 most common passwords of at least 8 characters, lower-cased: Django's list of
    /// 20,000 (Royce Williams, from breach corpora, BSD licence) plus a few French favourites.
    static let common: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("common-passwords.txt is missing from auth's resources") }
        return Set(text.split(separator: "\n").map(String.init))
    }()

    static func problems(_ password: String) -> [Problem.FieldError] {
        let bytes = password.utf8.count
        if password.count < 8 { return [.init(field: "password", message: "must have at least 8 characters")] }
        if bytes > maxBytes { return [.init(field: "password", message: "must be at most 72 bytes (UTF-8)")] }
        if common.contains(password.lowercased()) {
            return [.init(field: "password", message: "is too common; choose another one")]
        }
        return []
    }
}
