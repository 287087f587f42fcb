using System.Diagnostics;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;

// Each algorithm in a key ring of its own (an ephemeral folder), as a new key of the site would be made.
const int Rounds = 200_000;
var algorithms = new (string Name, EncryptionAlgorithm Encryption, ValidationAlgorithm Validation)[]
{
    ("AES-256-CBC + HMACSHA256 (default)", EncryptionAlgorithm.AES_256_CBC, ValidationAlgorithm.HMACSHA256),
    ("AES-256-GCM", EncryptionAlgorithm.AES_256_GCM, ValidationAlgorithm.HMACSHA256),
};

foreach (var round in new[] { "warm-up", "measured" })
{
    foreach (var (name, encryption, validation) in algorithms)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection()
            .PersistKeysToFileSystem(Directory.CreateTempSubdirectory("protect-cost-"))
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = encryption, ValidationAlgorithm = validation });
        services.AddAntiforgery();
        using var provider = services.BuildServiceProvider();
        var protector = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("protect-cost");
        var stamp = DateTimeOffset.UtcNow.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var antiforgery = provider.GetRequiredService<IAntiforgery>();
        var rounds = round == "warm-up" ? Rounds / 10 : Rounds;

        var protect = Measure(rounds, () => protector.Protect(stamp));
        var token = protector.Protect(stamp);
        var unprotect = Measure(rounds, () => protector.Unprotect(token));
        var pair = Measure(rounds / 4, () =>
        {
            var http = new DefaultHttpContext { RequestServices = provider };
            antiforgery.GetAndStoreTokens(http);
        });
        if (round == "measured")
        {
            Console.WriteLine($"{name,-36} Protect {protect,6:F2} µs  Unprotect {unprotect,6:F2} µs  new visitor's antiforgery pair {pair,6:F2} µs  (processor time per call)");
        }
    }
}

static double Measure(int rounds, Action action)
{
    var before = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < rounds; i++)
    {
        action();
    }

    return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / rounds;
}
