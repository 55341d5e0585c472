// Export limits shared by the server (which enforces them) and the export links (which say so).

/** Rows read from the warehouse per query while exporting (bounded memory). */
export const exportPageSize = 5000;
/** Most data rows in an XLSX export; a note row says when rows were left out. CSV streams all. */
export const xlsxRowCap = 100_000;
