// Serves every file of a folder at the path it names (file "en_policy" → GET /en/policy), with the content type the
// site sends, and nothing else: no routing of consequence, no logging, no middleware.
var folder = args[0];
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
foreach (var file in Directory.GetFiles(folder))
{
    var bytes = File.ReadAllBytes(file);
    var path = "/" + Path.GetFileName(file).Replace('_', '/');
    var type = path.StartsWith("/health", StringComparison.Ordinal) ? "text/plain" : "text/html; charset=utf-8";
    app.MapGet(path, () => Results.Bytes(bytes, type));
}

app.Run();
