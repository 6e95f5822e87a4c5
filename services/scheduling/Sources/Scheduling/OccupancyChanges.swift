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
        // The row lock (FOR UPDATE) serialises concurrent changes of one screening.
        let rows = try await connection.query(
            """
            WITH previous AS (SELECT occupancy_step FROM screenings WHERE id = \(screening) FOR UPDATE),
            counts AS (
                SELECT (SELECT count(*)::int FROM seats st JOIN screenings s ON s.auditorium_id = st.auditorium_id
                        WHERE s.id = \(screening) AND st.kind <> 'blocked') AS capacity,
                       (SELECT count(*)::int FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
                        WHERE bs.screening_id = \(screening) AND bs.live AND b.status = 'confirmed') AS sold),
            rate AS (
                SELECT capacity, sold, (sold * 100 / capacity)::int AS percent,
                       (sold * 100 / capacity / \(step) * \(step))::int AS step
                FROM counts WHERE capacity > 0)
            UPDATE screenings s SET occupancy_step = rate.step FROM rate, previous
            WHERE s.id = \(screening) AND previous.occupancy_step <> rate.step
            RETURNING s.film_id, (SELECT title FROM films WHERE id = s.film_id), s.starts_at, rate.sold,
                      rate.capacity, rate.percent, rate.step, previous.occupancy_step
            """, logger: logger)
        guard
            let (film, title, starts, sold, capacity, percent, now, before) = try await rows.decode(
                (UUID, String, Date, Int, Int, Int, Int, Int).self
            ).firstElement()
        else { return }
        let event = ScreeningOccupancyChanged(
            screeningId: screening, filmId: film, filmTitle: title, startsAt: starts, sold: sold, capacity: capacity,
            percent: percent, step: now, previousStep: before)
        try await Outbox.enqueue(event, causedBy: cause, on: connection, logger: logger)
    }
}
