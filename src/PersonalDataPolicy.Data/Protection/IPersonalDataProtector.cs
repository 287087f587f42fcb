namespace PersonalDataPolicy.Data.Protection;

/// <summary>Encrypts personal data on its way into the database and decrypts it on the way out.</summary>
public interface IPersonalDataProtector
{
    string Protect(string plaintext);

    string Unprotect(string protectedText);
}
