package storeutil

// Rows is what Collect reads: *sql.Rows and pgx.Rows both are.
type Rows interface {
	Next() bool
	Err() error
}

// Collect calls scan for each row of rows and returns what it read, nil
// when there are no rows. It stops at the first error from scan or from
// rows; the caller wraps it with context and closes rows.
func Collect[T any](rows Rows, scan func() (T, error)) ([]T, error) {
	var out []T
	for rows.Next() {
		v, err := scan()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
