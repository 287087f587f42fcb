using System.Net;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using NSwag.CodeGeneration.CSharp;
using PersonalDataPolicy.Consents;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PersonalDataPolicy.Web.Tests;

/// <summary>
/// Issue 16: the OpenAPI document is valid, describes every endpoint, and is enough for the app's developers: a client
/// generated from it alone (NSwag, as a mobile build would run it) submits an appeal end to end.
/// </summary>
public sealed class MobileAppContractTests(ITestOutputHelper output) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task The_openapi_document_reads_without_errors_and_describes_every_endpoint()
    {
        await using var site = new SiteFactory();
        var json = await site.CreateClient().GetStringAsync("/openapi/v1.json");
        var (document, diagnostic) = OpenApiDocument.Parse(json, "json");

        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);

        var operations = document.Paths!.SelectMany(p => p.Value.Operations!.Select(o => $"{o.Key.Method.ToUpperInvariant()} {p.Key}")).Order(StringComparer.Ordinal).ToList();
        output.WriteLine(string.Join('\n', operations));
        Assert.Equal(
        [
            "GET /api/v1/cshi/calculation",
            "GET /api/v1/me",
            "GET /api/v1/policy/versions",
            "GET /api/v1/policy/versions/{number}/{language}",
            "GET /api/v1/policy/{language}",
            "GET /api/v1/receipts/{id}",
            "POST /api/v1/access/code",
            "POST /api/v1/access/sign-out",
            "POST /api/v1/access/token",
            "POST /api/v1/appeals",
            "POST /api/v1/me/consent/withdraw",
            "POST /api/v1/me/details",
            "POST /api/v1/me/marketing/opt-out",
        ], operations);

        // Every POST asks for its key and the app's version; every session operation for the bearer token.
        foreach (var (path, item) in document.Paths!)
        {
            foreach (var (method, operation) in item.Operations!)
            {
                var headers = operation.Parameters!.Where(p => p.In == ParameterLocation.Header).ToDictionary(p => p.Name!, p => p.Required);
                if (method == HttpMethod.Post)
                {
                    Assert.True(headers["Idempotency-Key"], $"{path}: Idempotency-Key");
                    Assert.True(headers["X-App-Version"], $"{path}: X-App-Version");
                }

                Assert.Equal(path.StartsWith("/api/v1/me", StringComparison.Ordinal) || path.EndsWith("sign-out", StringComparison.Ordinal),
                    operation.Security is { Count: > 0 });
            }
        }
    }

    [Fact]
    public async Task A_client_generated_from_the_openapi_document_submits_an_appeal_end_to_end()
    {
        await using var site = new SiteFactory();
        var http = site.CreateClient();
        var json = await http.GetStringAsync("/openapi/v1.json");

        var code = await GenerateClientAsync(json);
        var assembly = Compile(code);
        var clientType = assembly.GetType("Qoldau.Generated.QoldauClient", throwOnError: true)!;
        var client = Activator.CreateInstance(clientType, http)!;

        // Read the current policy through the generated client, and consent to exactly that text.
        var policy = await InvokeAsync(client, "GetCurrentPolicyAsync", new() { ["language"] = "kk" });
        var number = (int)policy!.GetType().GetProperty("Number")!.GetValue(policy)!;
        var hash = (string)policy.GetType().GetProperty("Sha256")!.GetValue(policy)!;

        var requestType = assembly.GetType("Qoldau.Generated.AppealRequest", throwOnError: true)!;
        var appeal = Activator.CreateInstance(requestType)!;
        Set(appeal, "LastName", "Жұмабаев");
        Set(appeal, "FirstName", "Ерлан");
        Set(appeal, "Email", "generated-client@example.kz");
        Set(appeal, "Phone", "+7 701 000 11 22");
        Set(appeal, "PreferredChannel", "Email");
        Set(appeal, "Topic", "Question");
        Set(appeal, "Message", "Сұрағым бар.");
        Set(appeal, "ConsentToProcessing", true);
        Set(appeal, "PolicyVersion", number);
        Set(appeal, "PolicySha256", hash);
        Set(appeal, "Language", "kk");

        var receipt = await InvokeAsync(client, "SubmitAppealAsync", new()
        {
            ["idempotency"] = Guid.NewGuid().ToString(),
            ["version"] = "3.0.0",
            ["language"] = "kk",
            ["body"] = appeal,
        });
        var receiptId = (string)receipt!.GetType().GetProperty("ReceiptId")!.GetValue(receipt)!;
        output.WriteLine($"Generated client ({code.Length} characters of C#) submitted an appeal: receipt {receiptId}");

        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var events = await db.ConsentEvents.Where(e => e.ReceiptId == receiptId).ToListAsync();
        var consent = Assert.Single(events);
        Assert.Equal(ConsentChannel.MobileApp, consent.Channel);
        Assert.EndsWith(";app=3.0.0", consent.Evidence, StringComparison.Ordinal);
        Assert.Equal(hash, consent.PolicyTextSha256);
    }

    [Fact]
    public async Task Past_the_apis_budget_a_client_gets_429_with_retry_after_as_a_problem()
    {
        await using var site = new SiteFactory();
        site.Settings["RateLimiting:ApiRequestsPerMinute"] = "3";
        var http = site.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/policy/versions")).StatusCode);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/policy/versions");
        request.Headers.AcceptLanguage.ParseAdd("ru");
        var refused = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await AppClient.JsonAsync(refused);
        Assert.Equal("rate-limited", AppClient.Code(problem));
        Assert.Equal("Слишком много запросов. Попробуйте ещё раз через минуту.", problem["title"]!.GetValue<string>());
    }

    private static async Task<string> GenerateClientAsync(string json)
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "QoldauClient",
            UseBaseUrl = false,
            GenerateClientInterfaces = false,
            CSharpGeneratorSettings = { Namespace = "Qoldau.Generated", JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson },
        };
        return new CSharpClientGenerator(document, settings).GenerateFile();
    }

    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Qoldau.Generated",
            [CSharpSyntaxTree.ParseText(code)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(image);
    }

    /// <summary>Calls a generated operation, matching its parameters by what their names contain (NSwag's naming of headers).</summary>
    private static async Task<object?> InvokeAsync(object client, string name, Dictionary<string, object> arguments)
    {
        var method = client.GetType().GetMethods().Single(m => m.Name == name && !m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)));
        var values = method.GetParameters()
            .Select(p => arguments.FirstOrDefault(a => p.Name!.Contains(a.Key, StringComparison.OrdinalIgnoreCase)).Value)
            .ToArray();
        var task = (Task)method.Invoke(client, values)!;
        await task;
        return task.GetType().GetProperty("Result")?.GetValue(task);
    }

    private static void Set(object target, string property, object value) => target.GetType().GetProperty(property)!.SetValue(target, value);
}
