import ServiceKit

/// catalog's OpenAPI document (served at /openapi.json; checked against the routes by a test).
enum CatalogOpenAPI {
    typealias B = OpenAPIBuilder

    static var document: OpenAPIDocument {
        var api = B(title: "Homestudio catalog", description: "Films, their metadata, and viewing history.")
        api.schema(
            "Film",
            B.object(
                [
                    "id": B.uuid, "title": B.string, "originalTitle": B.string, "synopsis": B.string,
                    "runtimeMinutes": B.integer, "releaseDate": B.string, "genres": B.array(B.string),
                    "posterPath": B.string, "status": B.enumeration(["published", "archived"]),
                    "createdAt": B.dateTime, "updatedAt": B.dateTime,
                ], required: ["id", "title", "synopsis", "runtimeMinutes", "genres", "status"]))
        let input = B.object(
            [
                "title": B.string, "originalTitle": B.string, "synopsis": B.string, "runtimeMinutes": B.integer,
                "releaseDate": B.string, "genres": B.array(B.string), "posterPath": B.string,
            ], required: ["title", "runtimeMinutes"])
        api.operation(
            "GET", "/films", "Browse published films (by title)", responses: [200: B.page(of: B.ref("Film"))],
            parameters: B.paginationParameters + [["name": "q", "in": "query", "schema": B.string]])
        api.operation("GET", "/films/{id}", "One film", responses: [200: B.ref("Film"), 404: nil])
        api.operation(
            "POST", "/films", "Add a film (films:write)", secured: true, body: input, responses: [201: B.ref("Film")])
        api.operation(
            "PATCH", "/films/{id}", "Edit a film (films:write)", secured: true,
            body: B.object(
                ["title": B.string, "synopsis": B.string, "runtimeMinutes": B.integer, "genres": B.array(B.string)],
                required: []),
            responses: [200: B.ref("Film"), 404: nil])
        api.operation(
            "GET", "/me/history", "The caller's viewing history", secured: true,
            responses: [
                200: B.page(
                    of: B.object(
                        ["bookingId": B.uuid, "filmId": B.uuid, "title": B.string, "screeningStartsAt": B.dateTime]))
            ], parameters: B.paginationParameters)
        return api.document
    }
}
