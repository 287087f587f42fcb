using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using PersonalDataPolicy.Data.Staff;
using PersonalDataPolicy.Web.Features.Shared;

namespace PersonalDataPolicy.Web.Commands;

/// <summary>
/// `dotnet run --project src/PersonalDataPolicy.Web -- create-admin --email a@b.kz [--name "…"] [--password-stdin]`:
/// the first administrator, without touching the database by hand. Without --password-stdin a one-time
/// password is printed, and the first sign-in must replace it.
/// </summary>
public static class CreateAdminCommand
{
    public const string Name = "create-admin";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        var email = Option(args, "--email");
        if (!ContactRules.BeAnEmailAddress(email))
        {
            await output.WriteLineAsync("Usage: create-admin --email <address> [--name <display name>] [--password-stdin]");
            return 2;
        }

        var fromStdin = args.Contains("--password-stdin");
        var password = fromStdin ? (await input.ReadLineAsync())?.Trim() : OneTimePassword();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByEmailAsync(email!) is not null)
        {
            await output.WriteLineAsync($"A staff account for {email} already exists.");
            return 1;
        }

        var user = new StaffUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = Option(args, "--name") ?? email!,
            MustChangePassword = !fromStdin,
            CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password ?? string.Empty);
        if (!created.Succeeded)
        {
            await output.WriteLineAsync("Refused: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            return 1;
        }

        await users.AddToRoleAsync(user, StaffRoles.Administrator);
        await output.WriteLineAsync($"Administrator {email} created. Sign in at /admin/sign-in and set up an authenticator app.");
        if (!fromStdin)
        {
            await output.WriteLineAsync($"One-time password (shown once; you will be asked to change it): {password}");
        }

        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>20 characters from an alphabet without look-alikes, with every class the password policy asks for.</summary>
    private static string OneTimePassword()
    {
        const string lower = "abcdefghjkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789";
        var all = lower + upper + digits;
        var chars = new char[20];
        chars[0] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[1] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
