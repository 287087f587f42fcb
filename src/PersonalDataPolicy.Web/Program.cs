using System.Text.Encodings.Web;
using System.Text.Unicode;
using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.WebEncoders;
using PersonalDataPolicy.Data;
using PersonalDataPolicy.Web.Commands;
using PersonalDataPolicy.Web.Features.Admin;
using PersonalDataPolicy.Web.Features.Admin.Reports;
using PersonalDataPolicy.Web.Features.Api;
using PersonalDataPolicy.Web.Features.Appeals;
using PersonalDataPolicy.Web.Features.Cshi;
using PersonalDataPolicy.Web.Features.Ledger;
using PersonalDataPolicy.Web.Features.Mail;
using PersonalDataPolicy.Web.Features.MyData;
using PersonalDataPolicy.Web.Features.Operator;
using PersonalDataPolicy.Web.Features.Policy;
using PersonalDataPolicy.Web.Features.Shared;
using PersonalDataPolicy.Web.Infrastructure;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext(),
    // Each host keeps its own logger (the tests run several side by side); nothing relies on the static Log.
    preserveStaticLogger: true);

builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddPersonalDataStore(builder.Configuration, builder.Environment);
builder.Services.AddSiteLocalization();
// Kazakh and Russian text is written as is, not as &#x...; entities.
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PersonalDataPolicy.Web.Features.Shared.BotCheck>();
builder.Services.AddSingleton<PersonalDataPolicy.Web.Features.Shared.EmptyFormPages>();
builder.Services.AddScoped<PolicyCatalog>();
builder.Services.AddSingleton<PublishedPolicies>();
builder.Services.AddScoped<SubmitAppealHandler>();
builder.Services.AddScoped<ConsentLedger>();
builder.Services.AddSingleton<LedgerWriter>();
builder.Services.AddLedgerIntegrity();
builder.Services.AddSingleton<PersonalDataPolicy.Web.Features.Consents.ConsentWording>();
builder.Services.AddScoped<PersonalDataPolicy.Web.Features.Consents.ReceiptQuery>();
builder.Services.AddReverseProxy(builder.Configuration, builder.Environment);
builder.Services.AddRateLimits(builder.Configuration);
builder.Services.AddPublicPageCache();
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = SecurityHeaders.MaxRequestBodyBytes);
builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
{
    o.ValueLengthLimit = (int)SecurityHeaders.MaxRequestBodyBytes;
    o.ValueCountLimit = 200;
});
builder.Services.AddOperator();
builder.Services.AddSubjectRightsAndMail();
builder.Services.AddDataSubjectSessions();
builder.Services.AddStaffAccounts(builder.Configuration);
builder.Services.AddComplianceReports();
builder.Services.AddMobileAppApi(builder.Configuration);
builder.Services.AddCshiCalculator();

builder.Services
    .AddControllersWithViews(o =>
    {
        o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
        o.Filters.Add(new PersonalDataPolicy.Web.Features.Shared.PublicPostsTakeNoQueryFilter());
        o.Conventions.Add(new HeadForGet());
    })
    .AddViewLocalization()
    .AddRazorOptions(o =>
    {
        o.ViewLocationExpanders.Add(new FeatureFolders());
    });
builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<MvcOptions>, ModelBindingMessages>();
builder.Services.AddFluentValidationAutoValidation();
// Singletons (issue 13): a validator's rules are built once, not on every post; they depend only on the localizer and
// the clock, and read the visitor's language when a message is made.
builder.Services.AddValidatorsFromAssemblyContaining<AppealFormValidator>(ServiceLifetime.Singleton);
builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");

var app = builder.Build();

await app.Services.MigrateAndSeedAsync();
SiteDates.UseFundTimeZone(TimeZoneInfo.FindSystemTimeZoneById(
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PersonalDataPolicy.Web.Features.Requests.RequestOptions>>().Value.TimeZone));
await StaffAccounts.EnsureRolesAsync(app.Services);
await StaffAccounts.ProtectSecretsAtRestAsync(app.Services);
if (args.FirstOrDefault() == CreateAdminCommand.Name)
{
    return await CreateAdminCommand.RunAsync(app.Services, args, Console.In, Console.Out);
}

if (args.FirstOrDefault() == VerifyLedgerCommand.Name)
{
    return await VerifyLedgerCommand.RunAsync(app.Services, Console.Out);
}

app.StopWatchingOnShutdown();
app.UseReverseProxy();
app.UseExceptionHandler("/error/500");
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseApiProblems();
if (!app.Environment.IsDevelopment())
{
    // Sent only over HTTPS, which behind the proxy means X-Forwarded-Proto: https from a known proxy.
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseSerilogRequestLogging(o => o.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
app.UseClientAborts();
app.UseStaticFiles();
app.UseRequestLocalization();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
// After routing (the pages name their cache policy) and authentication (a signed-in user is never served from it).
app.UseOutputCache();
app.UseRateLimits();
app.UseKeptEmptyForms();
// Readiness: the database answers. Liveness: the process answers, without touching the database (for the balancer's
// frequent probe, and so that a slow database does not get a healthy instance restarted).
app.MapHealthChecks("/health").CacheOutput(PublicPageCache.HealthPolicyName);
app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
app.MapControllers();
app.MapMobileAppApi();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
