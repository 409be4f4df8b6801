package sqlite

// DropControlCache empties db's cache of control entries (not of territory
// names, which stay right), so that a benchmark measures the reads from the
// file after a change.
func DropControlCache(db *DB) {
	db.control.mu.Lock()
	defer db.control.mu.Unlock()
	db.control.set = nil
}
