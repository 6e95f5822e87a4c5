import Foundation
import TestSupport
import Testing

/// A staff member's dashboard layout, saved by auth (issue 18).
@Suite("Dashboard layout", .enabled(if: TestEnvironment.isAvailable))
struct DashboardLayoutTests {
    let fixtures = Fixtures()
    let path = "/api/auth/me/dashboard"

    func put(_ client: APIClient, _ body: Any) async throws -> APIClient.Reply {
        try await client.send(.PUT, path, body: try JSONSerialization.data(withJSONObject: body))
    }

    func fields(_ reply: APIClient.Reply) -> [String] {
        (reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test("a moderator's layout is validated, saved, and found again in a new session; clients are refused")
    func saveAndReload() async throws {
        let admin = try await fixtures.admin()
        let (client, email) = try await fixtures.newUser()
        #expect(try await client.get(path).status == 403)
        #expect(try await put(client, ["period": "week", "items": []]).status == 403)
        #expect(try await APIClient().get(path).status == 401)

        // Promote the account to moderator (staff), then sign in again for a token with the permission.
        let login = try await APIClient().post(
            "/api/auth/login", ["email": email, "password": "correct horse battery staple"])
        let id = try #require((login.json["user"] as? [String: Any])?["id"] as? String)
        let promoted = try await admin.send(
            .PUT, "/api/auth/users/\(id)/role", body: try JSONSerialization.data(withJSONObject: ["role": "moderator"]))
        #expect(promoted.status == 200)
        let staff = try await fixtures.login(email, "correct horse battery staple")

        let standard = try await staff.get(path)
        #expect(standard.status == 200)
        #expect(standard.json["updatedAt"] == nil)
        #expect((standard.json["items"] as? [[String: Any]])?.isEmpty == false)

        // Every problem at once; unknown fields refused, at the top and inside an item.
        let bad = try await put(
            staff,
            [
                "period": "decade", "colour": "blue",
                "items": [
                    ["id": "a", "kind": "card", "metric": "revenue-over-time", "view": "table"],
                    ["id": "a", "kind": "chart", "metric": "fill-rate-by-film", "width": 9],
                    ["id": "b", "kind": "gauge", "metric": "revenue", "size": "xl"],
                ],
            ])
        #expect(bad.status == 422)
        #expect(fields(bad).contains("colour"))
        #expect(fields(bad).contains("items[2].size"))
        let invalid = try await put(
            staff,
            [
                "period": "decade",
                "items": [
                    ["id": "a", "kind": "card", "metric": "revenue-over-time", "view": "table"],
                    ["id": "a", "kind": "chart", "metric": "fill-rate-by-film", "width": 9],
                    ["id": "b c", "kind": "gauge", "metric": "revenue"],
                ],
            ])
        #expect(
            Set(fields(invalid)) == [
                "period", "items[0].metric", "items[0].view", "items[1].id", "items[1].width", "items[2].id",
                "items[2].kind",
            ])
        let many = (0...50).map { ["id": "c\($0)", "kind": "card", "metric": "revenue"] }
        #expect(fields(try await put(staff, ["period": "week", "items": many])) == ["items"])
        let huge = try await put(
            staff,
            [
                "period": "week",
                "items": [["id": String(repeating: "x", count: 17_000), "kind": "card", "metric": "revenue"]],
            ])
        #expect(huge.status == 413)
        #expect(try await staff.get(path).json["updatedAt"] == nil)

        let layout: [String: Any] = [
            "period": "month", "cinemaId": UUID().uuidString,
            "items": [
                ["id": "rev", "kind": "card", "metric": "revenue"],
                ["id": "fill", "kind": "chart", "metric": "fill-rate-by-weekday", "view": "table", "width": 2],
                ["id": "risk", "kind": "card", "metric": "screenings-at-risk", "period": "week"],
            ],
        ]
        let saved = try await put(staff, layout)
        #expect(saved.status == 200)
        #expect(saved.json["updatedAt"] is String)

        // A new session (another browser) finds it as saved.
        let again = try await fixtures.login(email, "correct horse battery staple")
        let shown = try await again.get(path)
        #expect(shown.json["period"] as? String == "month")
        #expect((shown.json["cinemaId"] as? String)?.lowercased() == (layout["cinemaId"] as? String)?.lowercased())
        let items = shown.json["items"] as? [[String: Any]] ?? []
        #expect(items.map { $0["id"] as? String } == ["rev", "fill", "risk"])
        #expect(items[1]["view"] as? String == "table" && items[1]["width"] as? Int == 2)
        #expect(items[2]["period"] as? String == "week")
    }
}
