import Crypto
import Foundation
import TestSupport
import Testing

@testable import Notifications

@Suite("notifications")
struct NotificationsTests {
    @Test("the OpenAPI document lists exactly the routes notifications serves")
    func openAPIMatchesRoutes() throws {
        let blueprint = try NotificationsService.blueprint(reader: ConfigReaderFactory.make([:]))
        let (documented, served) = try RouteContract.compare(blueprint)
        #expect(documented == served)
    }

    @Test("every event it publishes or consumes is in the AsyncAPI catalogue")
    func eventCatalogue() throws {
        let documented = try EventCatalogue.documentedTypes()
        let published: Set<String> = Set([DeliveryFailed.type])
        let consumed = EventCatalogue.consumedTypes(
            try NotificationsService.blueprint(reader: ConfigReaderFactory.make([:])))
        #expect(published.subtracting(documented).isEmpty, "undocumented: \(published.subtracting(documented))")
        #expect(consumed.subtracting(documented).isEmpty, "undocumented: \(consumed.subtracting(documented))")
    }

    @Test("Web Push encryption reproduces RFC 8291 Appendix A byte for byte")
    func rfc8291Vector() throws {
        func b64url(_ text: String) -> Data {
            var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            return Data(base64Encoded: base64)!
        }
        let serverKey = try P256.KeyAgreement.PrivateKey(
            rawRepresentation: b64url("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"))
        #expect(
            serverKey.publicKey.x963Representation
                == b64url("BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"))
        let body = try WebPushEncryption.encrypt(
            Array("When I grow up, I want to be a watermelon".utf8),
            userAgentKey: b64url(
                "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
            authSecret: b64url("BTBZMqHH6r4Tts7J_aSIgg"), salt: b64url("DGv6ra1nlYgDCS1FRnbzlw"), serverKey: serverKey)
        #expect(
            body
                == b64url(
                    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
                ))
        // Fresh salt and key each time otherwise; too large a payload is refused.
        let userAgent = P256.KeyAgreement.PrivateKey().publicKey.x963Representation
        let first = try WebPushEncryption.encrypt([1, 2, 3], userAgentKey: userAgent, authSecret: Data(count: 16))
        let second = try WebPushEncryption.encrypt([1, 2, 3], userAgentKey: userAgent, authSecret: Data(count: 16))
        #expect(first != second)
        #expect(throws: WebPushEncryption.PayloadTooLarge.self) {
            try WebPushEncryption.encrypt(
                Array(repeating: 0, count: 4000), userAgentKey: userAgent, authSecret: Data(count: 16))
        }
    }
}
