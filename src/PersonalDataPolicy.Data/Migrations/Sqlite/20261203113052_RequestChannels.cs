using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RequestChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "IdentityCheck_CheckedAt",
                table: "Requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdentityCheck_CheckedBy",
                table: "Requests",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdentityCheck_Method",
                table: "Requests",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegisteredBy",
                table: "Requests",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DeadlineAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    WorkingDaysBefore = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeadlineAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeadlineAlerts_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeadlineAlerts_RequestId_Kind_WorkingDaysBefore",
                table: "DeadlineAlerts",
                columns: new[] { "RequestId", "Kind", "WorkingDaysBefore" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeadlineAlerts");

            migrationBuilder.DropColumn(
                name: "IdentityCheck_CheckedAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "IdentityCheck_CheckedBy",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "IdentityCheck_Method",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "RegisteredBy",
                table: "Requests");
        }
    }
}
