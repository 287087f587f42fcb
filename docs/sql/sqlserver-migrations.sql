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

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    DROP INDEX [IX_DataSubjects_PhoneIndex] ON [DataSubjects];
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[DataSubjects]') AND [c].[name] = N'PhoneIndex');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [DataSubjects] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [DataSubjects] ALTER COLUMN [PhoneIndex] varchar(72) NOT NULL;
    CREATE INDEX [IX_DataSubjects_PhoneIndex] ON [DataSubjects] ([PhoneIndex]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    DROP INDEX [IX_DataSubjects_EmailIndex] ON [DataSubjects];
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[DataSubjects]') AND [c].[name] = N'EmailIndex');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [DataSubjects] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [DataSubjects] ALTER COLUMN [EmailIndex] varchar(72) NOT NULL;
    CREATE UNIQUE INDEX [IX_DataSubjects_EmailIndex] ON [DataSubjects] ([EmailIndex]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    ALTER TABLE [DataSubjects] ADD [BlockReason] nvarchar(32) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    ALTER TABLE [DataSubjects] ADD [BlockedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    ALTER TABLE [DataSubjects] ADD [DestructionDueAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    ALTER TABLE [DataSubjects] ADD [ErasedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    ALTER TABLE [DataSubjects] ADD [Status] nvarchar(16) NOT NULL DEFAULT N'Active';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    ALTER TABLE [DataSubjects] ADD [UpdatedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE TABLE [InboundMail] (
        [Id] uniqueidentifier NOT NULL,
        [MessageIdHash] varchar(64) NOT NULL,
        [Outcome] nvarchar(32) NOT NULL,
        [HandledAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_InboundMail] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE TABLE [OutboxMessages] (
        [Id] uniqueidentifier NOT NULL,
        [SubjectId] uniqueidentifier NULL,
        [Kind] nvarchar(16) NOT NULL,
        [ToAddress] nvarchar(max) NOT NULL,
        [Language] nvarchar(2) NOT NULL,
        [Template] nvarchar(64) NOT NULL,
        [Subject] nvarchar(300) NOT NULL,
        [HtmlBody] nvarchar(max) NOT NULL,
        [TextBody] nvarchar(max) NOT NULL,
        [ListUnsubscribe] nvarchar(1500) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Status] nvarchar(16) NOT NULL,
        [Attempts] int NOT NULL,
        [NextAttemptAt] datetimeoffset NOT NULL,
        [LeaseOwner] nvarchar(100) NULL,
        [LeaseUntil] datetimeoffset NULL,
        [SentAt] datetimeoffset NULL,
        [LastError] nvarchar(500) NULL,
        CONSTRAINT [PK_OutboxMessages] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE TABLE [Requests] (
        [Id] uniqueidentifier NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [Type] nvarchar(16) NOT NULL,
        [Status] nvarchar(16) NOT NULL,
        [Channel] nvarchar(16) NOT NULL,
        [ReceivedAt] datetimeoffset NOT NULL,
        [DueAt] datetimeoffset NOT NULL,
        [CompletedAt] datetimeoffset NULL,
        [IsOverdue] bit NOT NULL,
        CONSTRAINT [PK_Requests] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE TABLE [VerificationTokens] (
        [Id] uniqueidentifier NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [Purpose] nvarchar(16) NOT NULL,
        [TokenHash] varchar(64) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [UsedAt] datetimeoffset NULL,
        [NewEmail] nvarchar(max) NULL,
        [NextStep] nvarchar(32) NULL,
        CONSTRAINT [PK_VerificationTokens] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE INDEX [IX_DataSubjects_Status_DestructionDueAt] ON [DataSubjects] ([Status], [DestructionDueAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE UNIQUE INDEX [IX_InboundMail_MessageIdHash] ON [InboundMail] ([MessageIdHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_Status_NextAttemptAt] ON [OutboxMessages] ([Status], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_SubjectId] ON [OutboxMessages] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE INDEX [IX_Requests_Status_DueAt] ON [Requests] ([Status], [DueAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE INDEX [IX_Requests_SubjectId] ON [Requests] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE INDEX [IX_VerificationTokens_SubjectId] ON [VerificationTokens] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    CREATE UNIQUE INDEX [IX_VerificationTokens_TokenHash] ON [VerificationTokens] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125075653_SubjectRightsAndMail'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125075653_SubjectRightsAndMail', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] nvarchar(450) NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] nvarchar(450) NOT NULL,
        [DisplayName] nvarchar(max) NOT NULL,
        [PreferredLanguage] nvarchar(max) NOT NULL,
        [IsActive] bit NOT NULL,
        [MustChangePassword] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] nvarchar(450) NOT NULL,
        [RoleId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] nvarchar(450) NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125081812_StaffAccounts'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125081812_StaffAccounts', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125082543_StaffWork'
)
BEGIN
    ALTER TABLE [Requests] ADD [AssignedTo] nvarchar(450) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125082543_StaffWork'
)
BEGIN
    ALTER TABLE [Requests] ADD [RejectionReason] nvarchar(max) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125082543_StaffWork'
)
BEGIN
    CREATE TABLE [AuditLog] (
        [Id] uniqueidentifier NOT NULL,
        [At] datetimeoffset NOT NULL,
        [StaffUserId] nvarchar(450) NOT NULL,
        [Action] nvarchar(32) NOT NULL,
        [SubjectId] uniqueidentifier NULL,
        [Page] nvarchar(200) NOT NULL,
        [Purpose] nvarchar(32) NULL,
        [Details] nvarchar(1000) NULL,
        CONSTRAINT [PK_AuditLog] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125082543_StaffWork'
)
BEGIN
    CREATE TABLE [RequestNotes] (
        [Id] uniqueidentifier NOT NULL,
        [RequestId] uniqueidentifier NOT NULL,
        [StaffUserId] nvarchar(450) NOT NULL,
        [Text] nvarchar(max) NOT NULL,
        [At] datetimeoffset NOT NULL,
        CONSTRAINT [PK_RequestNotes] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_RequestNotes_Requests_RequestId] FOREIGN KEY ([RequestId]) REFERENCES [Requests] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125082543_StaffWork'
)
BEGIN
    CREATE INDEX [IX_AuditLog_At] ON [AuditLog] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125082543_StaffWork'
)
BEGIN
    CREATE INDEX [IX_AuditLog_StaffUserId_At] ON [AuditLog] ([StaffUserId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125082543_StaffWork'
)
BEGIN
    CREATE INDEX [IX_AuditLog_SubjectId_At] ON [AuditLog] ([SubjectId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125082543_StaffWork'
)
BEGIN
    CREATE INDEX [IX_RequestNotes_RequestId_At] ON [RequestNotes] ([RequestId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125082543_StaffWork'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125082543_StaffWork', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083339_AppealAnswers'
)
BEGIN
    ALTER TABLE [Appeals] ADD [AnsweredAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083339_AppealAnswers'
)
BEGIN
    CREATE TABLE [AppealAnswers] (
        [Id] uniqueidentifier NOT NULL,
        [AppealId] uniqueidentifier NOT NULL,
        [StaffUserId] nvarchar(450) NOT NULL,
        [Channel] nvarchar(16) NOT NULL,
        [Text] nvarchar(max) NOT NULL,
        [SentByEmail] bit NOT NULL,
        [At] datetimeoffset NOT NULL,
        CONSTRAINT [PK_AppealAnswers] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AppealAnswers_Appeals_AppealId] FOREIGN KEY ([AppealId]) REFERENCES [Appeals] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083339_AppealAnswers'
)
BEGIN
    CREATE INDEX [IX_AppealAnswers_AppealId] ON [AppealAnswers] ([AppealId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083339_AppealAnswers'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125083339_AppealAnswers', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083806_Registers'
)
BEGIN
    CREATE TABLE [CrossBorderTransfers] (
        [Id] uniqueidentifier NOT NULL,
        [Country] char(2) NOT NULL,
        [Recipient] nvarchar(300) NOT NULL,
        [Categories] nvarchar(64) NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [Basis] nvarchar(16) NOT NULL,
        [ContractReference] nvarchar(300) NULL,
        [TransferredOn] date NOT NULL,
        [StaffUserId] nvarchar(450) NOT NULL,
        [RecordedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_CrossBorderTransfers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083806_Registers'
)
BEGIN
    CREATE TABLE [Disclosures] (
        [Id] uniqueidentifier NOT NULL,
        [Recipient] nvarchar(300) NOT NULL,
        [Law] nvarchar(300) NOT NULL,
        [Article] nvarchar(300) NOT NULL,
        [Categories] nvarchar(64) NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [DisclosedOn] date NOT NULL,
        [StaffUserId] nvarchar(450) NOT NULL,
        [RecordedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Disclosures] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083806_Registers'
)
BEGIN
    CREATE INDEX [IX_CrossBorderTransfers_SubjectId] ON [CrossBorderTransfers] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083806_Registers'
)
BEGIN
    CREATE INDEX [IX_CrossBorderTransfers_TransferredOn] ON [CrossBorderTransfers] ([TransferredOn]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083806_Registers'
)
BEGIN
    CREATE INDEX [IX_Disclosures_DisclosedOn] ON [Disclosures] ([DisclosedOn]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083806_Registers'
)
BEGIN
    CREATE INDEX [IX_Disclosures_SubjectId] ON [Disclosures] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125083806_Registers'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125083806_Registers', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125091841_Statistics'
)
BEGIN
    CREATE TABLE [AnalyticsChoices] (
        [Id] int NOT NULL IDENTITY,
        [Day] date NOT NULL,
        [Accepted] bit NOT NULL,
        [Count] int NOT NULL,
        CONSTRAINT [PK_AnalyticsChoices] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125091841_Statistics'
)
BEGIN
    CREATE TABLE [PageViews] (
        [Id] int NOT NULL IDENTITY,
        [Day] date NOT NULL,
        [Page] nvarchar(64) NOT NULL,
        [Language] nvarchar(2) NOT NULL,
        [LowVision] bit NOT NULL,
        [Count] int NOT NULL,
        CONSTRAINT [PK_PageViews] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125091841_Statistics'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AnalyticsChoices_Day_Accepted] ON [AnalyticsChoices] ([Day], [Accepted]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125091841_Statistics'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PageViews_Day_Page_Language_LowVision] ON [PageViews] ([Day], [Page], [Language], [LowVision]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125091841_Statistics'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125091841_Statistics', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125131118_ConsentOwnership'
)
BEGIN
    EXEC sp_rename N'[CrossBorderTransfers].[ContractReference]', N'Reference', 'COLUMN';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125131118_ConsentOwnership'
)
BEGIN
    DECLARE @var2 nvarchar(max);
    SELECT @var2 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[VerificationTokens]') AND [c].[name] = N'Purpose');
    IF @var2 IS NOT NULL EXEC(N'ALTER TABLE [VerificationTokens] DROP CONSTRAINT ' + @var2 + ';');
    ALTER TABLE [VerificationTokens] ALTER COLUMN [Purpose] nvarchar(32) NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125131118_ConsentOwnership'
)
BEGIN
    ALTER TABLE [VerificationTokens] ADD [ReceiptId] varchar(22) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125131118_ConsentOwnership'
)
BEGIN
    ALTER TABLE [DataSubjects] ADD [ClaimedSubjectId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125131118_ConsentOwnership'
)
BEGIN
    DECLARE @var3 nvarchar(max);
    SELECT @var3 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[CrossBorderTransfers]') AND [c].[name] = N'Basis');
    IF @var3 IS NOT NULL EXEC(N'ALTER TABLE [CrossBorderTransfers] DROP CONSTRAINT ' + @var3 + ';');
    ALTER TABLE [CrossBorderTransfers] ALTER COLUMN [Basis] nvarchar(32) NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125131118_ConsentOwnership'
)
BEGIN
    ALTER TABLE [CrossBorderTransfers] ADD [Article] nvarchar(64) NOT NULL DEFAULT N'';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125131118_ConsentOwnership'
)
BEGIN
    ALTER TABLE [ConsentEvents] ADD [Evidence] nvarchar(200) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125131118_ConsentOwnership'
)
BEGIN
    CREATE INDEX [IX_DataSubjects_ClaimedSubjectId] ON [DataSubjects] ([ClaimedSubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125131118_ConsentOwnership'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125131118_ConsentOwnership', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125133849_MailboxSenders'
)
BEGIN
    ALTER TABLE [InboundMail] ADD [SenderIndex] varchar(72) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125133849_MailboxSenders'
)
BEGIN
    CREATE INDEX [IX_InboundMail_SenderIndex_HandledAt] ON [InboundMail] ([SenderIndex], [HandledAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125133849_MailboxSenders'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125133849_MailboxSenders', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203075109_FourEyes'
)
BEGIN
    CREATE TABLE [PendingApprovals] (
        [Id] uniqueidentifier NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [Target] nvarchar(450) NOT NULL,
        [Role] nvarchar(64) NULL,
        [RequestedBy] nvarchar(450) NOT NULL,
        [Reason] nvarchar(1000) NULL,
        [RequestedAt] datetimeoffset NOT NULL,
        [DecidedBy] nvarchar(450) NULL,
        [DecidedAt] datetimeoffset NULL,
        [Outcome] nvarchar(16) NOT NULL,
        CONSTRAINT [PK_PendingApprovals] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203075109_FourEyes'
)
BEGIN
    CREATE INDEX [IX_PendingApprovals_Kind_Target] ON [PendingApprovals] ([Kind], [Target]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203075109_FourEyes'
)
BEGIN
    CREATE INDEX [IX_PendingApprovals_Outcome_RequestedAt] ON [PendingApprovals] ([Outcome], [RequestedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203075109_FourEyes'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203075109_FourEyes', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113012_MobileAppApi'
)
BEGIN
    CREATE TABLE [AppAccessCodes] (
        [Id] uniqueidentifier NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [CodeHash] varchar(64) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [FailedAttempts] int NOT NULL,
        [UsedAt] datetimeoffset NULL,
        CONSTRAINT [PK_AppAccessCodes] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113012_MobileAppApi'
)
BEGIN
    CREATE TABLE [IdempotencyRecords] (
        [Scope] varchar(64) NOT NULL,
        [Key] varchar(128) NOT NULL,
        [RequestHash] varchar(64) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [StatusCode] int NULL,
        [ContentType] varchar(100) NULL,
        [Location] nvarchar(400) NULL,
        [Body] nvarchar(max) NULL,
        CONSTRAINT [PK_IdempotencyRecords] PRIMARY KEY ([Scope], [Key])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113012_MobileAppApi'
)
BEGIN
    CREATE INDEX [IX_AppAccessCodes_SubjectId] ON [AppAccessCodes] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113012_MobileAppApi'
)
BEGIN
    CREATE INDEX [IX_IdempotencyRecords_CreatedAt] ON [IdempotencyRecords] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113012_MobileAppApi'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203113012_MobileAppApi', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113057_RequestChannels'
)
BEGIN
    ALTER TABLE [Requests] ADD [IdentityCheck_CheckedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113057_RequestChannels'
)
BEGIN
    ALTER TABLE [Requests] ADD [IdentityCheck_CheckedBy] nvarchar(450) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113057_RequestChannels'
)
BEGIN
    ALTER TABLE [Requests] ADD [IdentityCheck_Method] nvarchar(32) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113057_RequestChannels'
)
BEGIN
    ALTER TABLE [Requests] ADD [RegisteredBy] nvarchar(450) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113057_RequestChannels'
)
BEGIN
    CREATE TABLE [DeadlineAlerts] (
        [Id] uniqueidentifier NOT NULL,
        [RequestId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(16) NOT NULL,
        [WorkingDaysBefore] int NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_DeadlineAlerts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DeadlineAlerts_Requests_RequestId] FOREIGN KEY ([RequestId]) REFERENCES [Requests] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113057_RequestChannels'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DeadlineAlerts_RequestId_Kind_WorkingDaysBefore] ON [DeadlineAlerts] ([RequestId], [Kind], [WorkingDaysBefore]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113057_RequestChannels'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203113057_RequestChannels', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113317_SharedKeyRingAndLeases'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113317_SharedKeyRingAndLeases'
)
BEGIN
    CREATE TABLE [Leases] (
        [Name] varchar(64) NOT NULL,
        [Holder] varchar(200) NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Leases] PRIMARY KEY ([Name])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203113317_SharedKeyRingAndLeases'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203113317_SharedKeyRingAndLeases', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203130553_BreachRegister'
)
BEGIN
    CREATE TABLE [BreachIncidents] (
        [Id] uniqueidentifier NOT NULL,
        [Number] int NOT NULL,
        [DiscoveredAt] datetimeoffset NOT NULL,
        [OccurredAt] datetimeoffset NULL,
        [Categories] nvarchar(64) NOT NULL,
        [SubjectCount] int NOT NULL,
        [Cause] nvarchar(max) NOT NULL,
        [Consequences] nvarchar(max) NOT NULL,
        [Measures] nvarchar(max) NOT NULL,
        [RecordedBy] nvarchar(450) NOT NULL,
        [RecordedAt] datetimeoffset NOT NULL,
        [NotifyAuthorityBy] datetimeoffset NOT NULL,
        [AuthorityNotifiedAt] datetimeoffset NULL,
        [AuthorityNotifiedBy] nvarchar(450) NULL,
        [ClosedAt] datetimeoffset NULL,
        [ClosedBy] nvarchar(450) NULL,
        CONSTRAINT [PK_BreachIncidents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203130553_BreachRegister'
)
BEGIN
    CREATE TABLE [BreachNotificationCopies] (
        [Id] uniqueidentifier NOT NULL,
        [IncidentId] uniqueidentifier NOT NULL,
        [Language] nvarchar(2) NOT NULL,
        [Content] nvarchar(max) NOT NULL,
        [SentBy] nvarchar(450) NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_BreachNotificationCopies] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_BreachNotificationCopies_BreachIncidents_IncidentId] FOREIGN KEY ([IncidentId]) REFERENCES [BreachIncidents] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203130553_BreachRegister'
)
BEGIN
    CREATE TABLE [BreachSubjects] (
        [IncidentId] uniqueidentifier NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [LinkedAt] datetimeoffset NOT NULL,
        [NotifiedAt] datetimeoffset NULL,
        CONSTRAINT [PK_BreachSubjects] PRIMARY KEY ([IncidentId], [SubjectId]),
        CONSTRAINT [FK_BreachSubjects_BreachIncidents_IncidentId] FOREIGN KEY ([IncidentId]) REFERENCES [BreachIncidents] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203130553_BreachRegister'
)
BEGIN
    CREATE INDEX [IX_BreachIncidents_ClosedAt] ON [BreachIncidents] ([ClosedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203130553_BreachRegister'
)
BEGIN
    CREATE UNIQUE INDEX [IX_BreachIncidents_Number] ON [BreachIncidents] ([Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203130553_BreachRegister'
)
BEGIN
    CREATE UNIQUE INDEX [IX_BreachNotificationCopies_IncidentId] ON [BreachNotificationCopies] ([IncidentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203130553_BreachRegister'
)
BEGIN
    CREATE INDEX [IX_BreachSubjects_SubjectId] ON [BreachSubjects] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203130553_BreachRegister'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203130553_BreachRegister', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    UPDATE "PendingApprovals" SET "Reason" = NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    DECLARE @var4 nvarchar(max);
    SELECT @var4 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[PendingApprovals]') AND [c].[name] = N'Reason');
    IF @var4 IS NOT NULL EXEC(N'ALTER TABLE [PendingApprovals] DROP CONSTRAINT ' + @var4 + ';');
    ALTER TABLE [PendingApprovals] ALTER COLUMN [Reason] nvarchar(max) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    ALTER TABLE [PendingApprovals] ADD [Ground] nvarchar(32) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    ALTER TABLE [PendingApprovals] ADD [Purpose] nvarchar(32) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    CREATE TABLE [BlockHistory] (
        [Id] uniqueidentifier NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [Change] nvarchar(16) NOT NULL,
        [Reason] nvarchar(32) NULL,
        [StaffUserId] nvarchar(450) NULL,
        [Purpose] nvarchar(32) NULL,
        [Note] nvarchar(max) NULL,
        [At] datetimeoffset NOT NULL,
        CONSTRAINT [PK_BlockHistory] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_BlockHistory_DataSubjects_SubjectId] FOREIGN KEY ([SubjectId]) REFERENCES [DataSubjects] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    CREATE TABLE [ErasureCertificates] (
        [Id] uniqueidentifier NOT NULL,
        [SubjectId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(16) NOT NULL,
        [Ground] nvarchar(32) NOT NULL,
        [At] datetimeoffset NOT NULL,
        [PerformedBy] nvarchar(450) NULL,
        [ApprovalId] uniqueidentifier NULL,
        [RequestedBy] nvarchar(450) NULL,
        [RequestedAt] datetimeoffset NULL,
        [Categories] nvarchar(300) NOT NULL,
        [Items] int NOT NULL,
        [RequestsClosed] int NOT NULL,
        [ReceiptIds] varchar(max) NOT NULL,
        CONSTRAINT [PK_ErasureCertificates] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    CREATE INDEX [IX_BlockHistory_SubjectId_At] ON [BlockHistory] ([SubjectId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    CREATE INDEX [IX_ErasureCertificates_At] ON [ErasureCertificates] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    CREATE INDEX [IX_ErasureCertificates_SubjectId] ON [ErasureCertificates] ([SubjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203131351_ErasureCertificates'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203131351_ErasureCertificates', N'10.0.15');
END;

COMMIT;
GO