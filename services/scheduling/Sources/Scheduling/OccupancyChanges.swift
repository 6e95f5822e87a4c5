import Foundation
import Logging
import Messaging
import Persistence
import PostgresNIO

/// `scheduling.screening.occupancy_changed`: published in the transaction that changes the number
/// of confirmed seats (a confirmation, a refund) when the fill rate enters another 5 % step.
extension BookingRepository {
    func publishOccupancyChange(
        _ screening: UUID, cause: ReceivedEvent?, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let step = ScreeningOccupancyChanged.stepPercent
        // The screening's occupancy row, locked until commit, serialises concurrent changes of one
        // screening. Not the screening's own row: holds take it FOR SHARE (against a cancellation),
        // and a confirmation locking it exclusively made every hold of a rush wait behind it.
        let locked = try await connection.query(
            """
            INSERT INTO screening_occupancy (screening_id, step) VALUES (\(screening), 0)
            ON CONFLICT (screening_id) DO UPDATE SET step = screening_occupancy.step
            RETURNING step
            """, logger: logger)
        guard let before = try await locked.decode(Int.self).firstElement() else { return }
        // Counted after the lock was granted: this statement sees every change committed before.
        let rows = try await connection.query(
            """
            WITH counts AS (
                SELECT (SELECT count(*)::int FROM seats st JOIN screenings s ON s.auditorium_id = st.auditorium_id
                        WHERE s.id = \(screening) AND st.kind <> 'blocked') AS capacity,
                       (SELECT count(*)::int FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
                        WHERE bs.screening_id = \(screening) AND bs.live AND b.status = 'confirmed') AS sold),
            rate AS (
                SELECT capacity, sold, (sold * 100 / capacity)::int AS percent,
                       (sold * 100 / capacity / \(step) * \(step))::int AS step
                FROM counts WHERE capacity > 0)
            UPDATE screening_occupancy o SET step = rate.step
            FROM rate, screenings s JOIN films f ON f.id = s.film_id
            WHERE o.screening_id = \(screening) AND s.id = o.screening_id AND o.step <> rate.step
            RETURNING s.film_id, f.title, s.starts_at, rate.sold, rate.capacity, rate.percent, rate.step
            """, logger: logger)
        guard
            let (film, title, starts, sold, capacity, percent, now) = try await rows.decode(
                (UUID, String, Date, Int, Int, Int, Int).self
            ).firstElement()
        else { return }
        let event = ScreeningOccupancyChanged(
            screeningId: screening, filmId: film, filmTitle: title, startsAt: starts, sold: sold, capacity: capacity,
            percent: percent, step: now, previousStep: before)
        try await Outbox.enqueue(event, causedBy: cause, on: connection, logger: logger)
    }
}
