import Foundation

/// TMDB API v3 payloads (https://developer.themoviedb.org/reference), only the fields catalog
/// reads; every field is optional because TMDB omits or nulls many of them.
struct TMDBSearchPage: Decodable, Sendable {
    var page: Int?
    var results: [TMDBSearchResult]?
    var totalResults: Int?
    var totalPages: Int?
}

struct TMDBSearchResult: Decodable, Sendable {
    var id: Int
    var title: String?
    var originalTitle: String?
    var releaseDate: String?
    var overview: String?
    var posterPath: String?
    var popularity: Double?
    var voteAverage: Double?
}

struct TMDBMovie: Decodable, Sendable {
    var id: Int
    var title: String?
    var originalTitle: String?
    var overview: String?
    var runtime: Int?
    var releaseDate: String?
    var genres: [Named]?
    var originalLanguage: String?
    var spokenLanguages: [Language]?
    var posterPath: String?
    var backdropPath: String?
    var popularity: Double?
    var voteAverage: Double?
    var voteCount: Int?
    var credits: Credits?
    var releaseDates: ReleaseDates?
    var videos: Videos?
    var keywords: Keywords?
    var translations: Translations?

    struct Named: Decodable, Sendable {
        var id: Int?
        var name: String?
    }

    struct Language: Decodable, Sendable {
        var iso6391: String?
    }

    struct Credits: Decodable, Sendable {
        var cast: [Cast]?
        var crew: [Crew]?
    }

    struct Cast: Decodable, Sendable {
        var id: Int?
        var name: String?
        var character: String?
        var order: Int?
    }

    struct Crew: Decodable, Sendable {
        var id: Int?
        var name: String?
        var job: String?
    }

    struct ReleaseDates: Decodable, Sendable {
        var results: [Country]?

        struct Country: Decodable, Sendable {
            var iso31661: String?
            var releaseDates: [Release]?
        }

        struct Release: Decodable, Sendable {
            var certification: String?
            var releaseDate: String?
            var type: Int?
        }
    }

    struct Videos: Decodable, Sendable {
        var results: [Video]?
    }

    struct Video: Decodable, Sendable {
        var site: String?
        var key: String?
        var name: String?
        var type: String?
        var iso6391: String?
        var official: Bool?
    }

    struct Keywords: Decodable, Sendable {
        var keywords: [Named]?
    }

    struct Translations: Decodable, Sendable {
        var translations: [Translation]?
    }

    struct Translation: Decodable, Sendable {
        var iso6391: String?
        var data: TranslationData?
    }

    struct TranslationData: Decodable, Sendable {
        var title: String?
        var overview: String?
    }
}
