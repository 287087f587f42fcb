IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE TABLE [ConsentEvents] (
        [Id] uniqueidentifier NOT NULL,
        [Sequence] bigint NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [Purpose] nvarchar(32) NOT NULL,
        [Action] nvarchar(16) NOT NULL,
        [PolicyVersion] int NOT NULL,
        [PolicyTextSha256] varchar(64) NOT NULL,
        [Language] nvarchar(2) NOT NULL,
        [Channel] nvarchar(16) NOT NULL,
        [OccurredAt] datetimeoffset NOT NULL,
        [Wording] nvarchar(2000) NOT NULL,
        [ReceiptId] varchar(22) NULL,
        [PreviousHash] varchar(64) NOT NULL,
        [Hash] varchar(64) NOT NULL,
        CONSTRAINT [PK_ConsentEvents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE TABLE [ConsentReceipts] (
        [Id] varchar(22) NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [PolicyVersion] int NOT NULL,
        [PolicyTextSha256] varchar(64) NOT NULL,
        [Language] nvarchar(2) NOT NULL,
        [Channel] nvarchar(16) NOT NULL,
        [IssuedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ConsentReceipts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE TABLE [DataSubjects] (
        [Id] uniqueidentifier NOT NULL,
        [LastName] nvarchar(max) NOT NULL,
        [FirstName] nvarchar(max) NOT NULL,
        [Patronymic] nvarchar(max) NULL,
        [Email] nvarchar(max) NOT NULL,
        [EmailIndex] varchar(64) NOT NULL,
        [Phone] nvarchar(max) NOT NULL,
        [PhoneIndex] varchar(64) NOT NULL,
        [PreferredLanguage] nvarchar(2) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_DataSubjects] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE TABLE [PolicyVersions] (
        [Id] int NOT NULL IDENTITY,
        [Number] int NOT NULL,
        [EffectiveFrom] date NOT NULL,
        [State] nvarchar(16) NOT NULL,
        [SupersededOn] date NULL,
        CONSTRAINT [PK_PolicyVersions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE TABLE [Appeals] (
        [Id] uniqueidentifier NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [ContactEmail] nvarchar(max) NOT NULL,
        [ContactPhone] nvarchar(max) NOT NULL,
        [PreferredChannel] nvarchar(16) NOT NULL,
        [Topic] nvarchar(16) NOT NULL,
        [Message] nvarchar(max) NOT NULL,
        [Language] nvarchar(2) NOT NULL,
        [PolicyVersion] int NOT NULL,
        [ReceivedAt] datetimeoffset NOT NULL,
        [ContactFirstName] nvarchar(max) NOT NULL,
        [ContactLastName] nvarchar(max) NOT NULL,
        [ContactPatronymic] nvarchar(max) NULL,
        CONSTRAINT [PK_Appeals] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Appeals_DataSubjects_SubjectId] FOREIGN KEY ([SubjectId]) REFERENCES [DataSubjects] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE TABLE [PolicyTexts] (
        [Id] int NOT NULL IDENTITY,
        [PolicyVersionId] int NOT NULL,
        [Language] nvarchar(2) NOT NULL,
        [Title] nvarchar(500) NOT NULL,
        [Sections] nvarchar(max) NOT NULL,
        [Sha256] char(64) NOT NULL,
        [SubjectOptOutOfMarketing] nvarchar(200) NOT NULL,
        [SubjectUpdatePersonalData] nvarchar(200) NOT NULL,
        [SubjectWithdrawConsent] nvarchar(200) NOT NULL,
        CONSTRAINT [PK_PolicyTexts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PolicyTexts_PolicyVersions_PolicyVersionId] FOREIGN KEY ([PolicyVersionId]) REFERENCES [PolicyVersions] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_Appeals_ReceivedAt] ON [Appeals] ([ReceivedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_Appeals_SubjectId] ON [Appeals] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_ConsentEvents_ReceiptId] ON [ConsentEvents] ([ReceiptId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ConsentEvents_Sequence] ON [ConsentEvents] ([Sequence]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_ConsentEvents_SubjectId_Sequence] ON [ConsentEvents] ([SubjectId], [Sequence]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_ConsentReceipts_SubjectId] ON [ConsentReceipts] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DataSubjects_EmailIndex] ON [DataSubjects] ([EmailIndex]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_DataSubjects_PhoneIndex] ON [DataSubjects] ([PhoneIndex]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PolicyTexts_PolicyVersionId_Language] ON [PolicyTexts] ([PolicyVersionId], [Language]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PolicyVersions_Number] ON [PolicyVersions] ([Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125073051_InitialCreate'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125073051_InitialCreate', N'10.0.15');
END;

COMMIT;
GO

