namespace PersonalDataPolicy;

/// <summary>
/// Folds the letters people type differently on a keyboard without Kazakh: ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и,
/// and ё→е. Applied to both sides of a comparison (a marked e-mail subject, a search), so it loses no match.
/// Expects lower-case text.
/// </summary>
public static class KazakhLetters
{
    public static char Fold(char letter) => letter switch
    {
        'ә' => 'а',
        'ғ' => 'г',
        'қ' => 'к',
        'ң' => 'н',
        'ө' => 'о',
        'ұ' or 'ү' => 'у',
        'һ' => 'х',
        'і' => 'и',
        'ё' => 'е',
        _ => letter,
    };
}
