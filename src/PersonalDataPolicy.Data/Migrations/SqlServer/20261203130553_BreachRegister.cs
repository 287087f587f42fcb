using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BreachRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BreachIncidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    DiscoveredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Categories = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SubjectCount = table.Column<int>(type: "int", nullable: false),
                    Cause = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Consequences = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Measures = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RecordedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    NotifyAuthorityBy = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    AuthorityNotifiedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    AuthorityNotifiedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ClosedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreachIncidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BreachNotificationCopies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Language = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: false),
                    Content = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SentBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreachNotificationCopies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BreachNotificationCopies_BreachIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "BreachIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BreachSubjects",
                columns: table => new
                {
                    IncidentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    NotifiedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreachSubjects", x => new { x.IncidentId, x.SubjectId });
                    table.ForeignKey(
                        name: "FK_BreachSubjects_BreachIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "BreachIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BreachIncidents_ClosedAt",
                table: "BreachIncidents",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_BreachIncidents_Number",
                table: "BreachIncidents",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BreachNotificationCopies_IncidentId",
                table: "BreachNotificationCopies",
                column: "IncidentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BreachSubjects_SubjectId",
                table: "BreachSubjects",
                column: "SubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BreachNotificationCopies");

            migrationBuilder.DropTable(
                name: "BreachSubjects");

            migrationBuilder.DropTable(
                name: "BreachIncidents");
        }
    }
}
