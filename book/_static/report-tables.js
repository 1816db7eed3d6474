// Sort, search and paginate the report's larger tables (marked data-interactive by rcreport.tables)
// with DataTables from itables' offline bundle, copied into _static by rcreport.sphinx_ext: nothing is
// fetched from the network. Without JavaScript (and in the PDF) the same table is shown as it is.
const tables = document.querySelectorAll("table.report-table[data-interactive]");
if (tables.length) {
  const { default: DataTable } = await import("./dt_bundle.js");
  for (const table of tables) {
    new DataTable(table, { order: [], pageLength: 25, lengthMenu: [10, 25, 50, 100], autoWidth: false });
  }
}
