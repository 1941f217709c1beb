// Top-level statements compile to an internal Program; WebApplicationFactory<Program> in the test project needs a
// public entry-point type to find the host, hence this empty public partial declaration.
public partial class Program;
