using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConsentEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Purpose = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Action = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    PolicyVersion = table.Column<int>(type: "int", nullable: false),
                    PolicyTextSha256 = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Language = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Wording = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    ReceiptId = table.Column<string>(type: "varchar(22)", unicode: false, maxLength: 22, nullable: true),
                    PreviousHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConsentReceipts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "varchar(22)", unicode: false, maxLength: 22, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PolicyVersion = table.Column<int>(type: "int", nullable: false),
                    PolicyTextSha256 = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Language = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentReceipts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataSubjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    LastName = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    FirstName = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Patronymic = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Email = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    EmailIndex = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Phone = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PhoneIndex = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    PreferredLanguage = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataSubjects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PolicyVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Number = table.Column<int>(type: "int", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    SupersededOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Appeals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ContactEmail = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ContactPhone = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PreferredChannel = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Topic = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Message = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Language = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: false),
                    PolicyVersion = table.Column<int>(type: "int", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ContactFirstName = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ContactLastName = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ContactPatronymic = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Appeals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Appeals_DataSubjects_SubjectId",
                        column: x => x.SubjectId,
                        principalTable: "DataSubjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PolicyTexts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PolicyVersionId = table.Column<int>(type: "int", nullable: false),
                    Language = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Sections = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Sha256 = table.Column<string>(type: "char(64)", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    SubjectOptOutOfMarketing = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SubjectUpdatePersonalData = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SubjectWithdrawConsent = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyTexts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyTexts_PolicyVersions_PolicyVersionId",
                        column: x => x.PolicyVersionId,
                        principalTable: "PolicyVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_ReceivedAt",
                table: "Appeals",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_SubjectId",
                table: "Appeals",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentEvents_ReceiptId",
                table: "ConsentEvents",
                column: "ReceiptId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentEvents_Sequence",
                table: "ConsentEvents",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsentEvents_SubjectId_Sequence",
                table: "ConsentEvents",
                columns: new[] { "SubjectId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentReceipts_SubjectId",
                table: "ConsentReceipts",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_DataSubjects_EmailIndex",
                table: "DataSubjects",
                column: "EmailIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DataSubjects_PhoneIndex",
                table: "DataSubjects",
                column: "PhoneIndex");

            migrationBuilder.CreateIndex(
                name: "IX_PolicyTexts_PolicyVersionId_Language",
                table: "PolicyTexts",
                columns: new[] { "PolicyVersionId", "Language" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PolicyVersions_Number",
                table: "PolicyVersions",
                column: "Number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Appeals");

            migrationBuilder.DropTable(
                name: "ConsentEvents");

            migrationBuilder.DropTable(
                name: "ConsentReceipts");

            migrationBuilder.DropTable(
                name: "PolicyTexts");

            migrationBuilder.DropTable(
                name: "DataSubjects");

            migrationBuilder.DropTable(
                name: "PolicyVersions");
        }
    }
}
